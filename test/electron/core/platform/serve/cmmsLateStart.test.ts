// serveMain.ts startCmmsAfterFirstValue: the demo CMMS sandbox starts once the core publishes its first live
// value (or after a time limit), not beside the plant and the core, whose start it slowed (issue 17, start:
// 0.3-0.5 s of CPU on two cores before the first value). The core here is only its event stream, and the
// sandbox only its start (the real ones: demoChildren.int.test.ts, the e2e files).
import { describe, expect, it } from 'vitest';
import type { Core, StreamListener } from '../../../../../electron/core/coreApi.ts';
import type { DemoCmms } from '../../../../../electron/core/platform/serve/demoChildren.ts';
import { startCmmsAfterFirstValue } from '../../../../../electron/core/platform/serve/serveMain.ts';
import type { Logger } from '../../../../../electron/core/platform/ports/ports.ts';

function setup() {
  const listeners = new Set<StreamListener>();
  const core = { events: { subscribe: (l: StreamListener) => (listeners.add(l), { dispose: () => listeners.delete(l) }) } } as unknown as Core;
  const starts: { lowPriority?: boolean }[] = [];
  const cmms: DemoCmms = {
    name: 'servicenow',
    url: 'http://127.0.0.1:1',
    adminUrl: 'http://127.0.0.1:1/__sandbox',
    credential: 'console:demo',
    start: async (o = {}) => {
      starts.push(o);
      return { name: 'servicenow', url: '', adminUrl: '', credential: '', stop: async () => undefined };
    },
    stop: async () => undefined,
  };
  const logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, child: () => logger } as unknown as Logger;
  const publish = (stream: string, payload: unknown) => [...listeners].forEach((l) => l(stream, payload));
  return { core, cmms, logger, starts, publish, listeners };
}

const line = (value: number | null) => ({ lineId: 'L1', good: { value, quality: 'good', at: null } });
const tick = () => new Promise((r) => setImmediate(r));

describe('startCmmsAfterFirstValue', () => {
  it('starts the sandbox once, at low priority, on the first live value and not before', async () => {
    const s = setup();
    const watch = startCmmsAfterFirstValue(s.core, s.cmms, s.logger, 60_000);
    s.publish('connection.state', { at: 1, controllers: [] });
    s.publish('live.lines', { at: 1, lines: [line(null)] }); // connected, no value yet
    await tick();
    expect(s.starts).toEqual([]);
    s.publish('live.lines', { at: 2, lines: [line(null), line(0)] });
    s.publish('live.lines', { at: 3, lines: [line(5)] });
    await tick();
    expect(s.starts).toEqual([{ lowPriority: true }]);
    expect(s.listeners.size).toBe(0); // it stops listening
    watch.dispose();
  });

  it('starts it after the time limit when no value comes (a plant that never answers, a refused core)', async () => {
    const s = setup();
    startCmmsAfterFirstValue(s.core, s.cmms, s.logger, 50);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.starts).toEqual([{ lowPriority: true }]);
    expect(s.listeners.size).toBe(0);
  });

  it('never starts it once serve stopped', async () => {
    const s = setup();
    startCmmsAfterFirstValue(s.core, s.cmms, s.logger, 50).dispose();
    s.publish('live.lines', { at: 1, lines: [line(5)] });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.starts).toEqual([]);
  });
});
