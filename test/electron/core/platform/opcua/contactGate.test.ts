import { backoffDelay, createContactGate, MIN_CONTACT_INTERVAL_MS } from '../../../../../electron/core/platform/opcua/contactGate.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { FakeClock } from '../../../../fixtures/fakePorts.ts';

describe('contact gate (defect 7: one place decides when a controller may be contacted again)', () => {
  it('backs off exponentially with jitter, capped, never under the 1 s floor', () => {
    expect(backoffDelay(0, 1000, 10_000)).toBe(0);
    for (const r of [0, 0.5, 0.999]) {
      const seq = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 100, 10_000, () => r));
      seq.forEach((d) => expect(d).toBeGreaterThanOrEqual(0.8 * MIN_CONTACT_INTERVAL_MS));
      expect(Math.max(...seq)).toBeLessThanOrEqual(10_000);
      // grows until the cap: each step doubles, the jitter takes at most a fifth
      for (let i = 1; i < 4; i++) expect(seq[i]!).toBeGreaterThan(seq[i - 1]!);
    }
  });

  it('whatever the failure, the next attempt waits for the floor and the back-off; a success starts over', () => {
    const clock = new FakeClock(1_000_000);
    const gate = createContactGate('opc.tcp://gate-test-1:4840', clock, { baseMs: 1000, capMs: 8000 }, () => 0);
    expect(gate.reserve()).toBe(0);
    expect(gate.reserve()).toBe(1000); // the floor, even with no failure
    clock.advance(2000);
    gate.failed();
    expect(gate.reserve()).toBe(1000);
    gate.failed();
    clock.advance(500);
    expect(gate.reserve()).toBe(1500); // 2 s after the second failure
    gate.failed();
    gate.failed();
    expect(gate.reserve()).toBe(8000); // capped
    gate.succeeded();
    clock.advance(10_000);
    expect(gate.reserve()).toBe(0);
  });

  it('one endpoint, two gateways: still one contact a second (the floor is per endpoint, process-wide)', () => {
    const clock = new FakeClock(2_000_000);
    const a = createContactGate('opc.tcp://gate-test-2:4840', clock, { baseMs: 1000, capMs: 8000 });
    const b = createContactGate('OPC.TCP://gate-test-2:4840', clock, { baseMs: 1000, capMs: 8000 });
    const waits = [a.reserve(), b.reserve(), a.reserve(), b.reserve()];
    expect(waits).toEqual([0, 1000, 2000, 3000]);
  });

  it('under the real clock the floor holds between back-to-back reservations', async () => {
    const gate = createContactGate('opc.tcp://gate-test-3:4840', systemClock, { baseMs: 1000, capMs: 8000 });
    const starts: number[] = [];
    await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<void>((resolve) => {
            const wait = gate.reserve();
            setTimeout(() => {
              starts.push(Date.now());
              resolve();
            }, wait);
          }),
      ),
    );
    starts.sort((x, y) => x - y);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(MIN_CONTACT_INTERVAL_MS - 20);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(MIN_CONTACT_INTERVAL_MS - 20);
  });
});
