// The utility process's parent port as the host tests drive it: what the host posts is kept (structured
// clones, as Electron's port copies), and `send` delivers a message from main as Electron would.
import { EventEmitter } from 'node:events';
import type { HostToMain, MainToHost } from '../../../../../shared/contract/hostWire.ts';
import type { ParentPortLike } from '../../../../../electron/core/platform/host/hostRuntime.ts';

export class FakePort implements ParentPortLike {
  private readonly em = new EventEmitter();
  posted: HostToMain[] = [];
  on(event: 'message', listener: (e: { data: unknown }) => void) {
    this.em.on(event, listener);
    return this;
  }
  postMessage(m: HostToMain) {
    this.posted.push(structuredClone(m));
  }
  /** A message from main; `unknown` so a test can send what main never should. */
  send(m: MainToHost | unknown) {
    this.em.emit('message', { data: structuredClone(m) });
  }
  of<T extends HostToMain['type']>(type: T): Extract<HostToMain, { type: T }>[] {
    return this.posted.filter((m): m is Extract<HostToMain, { type: T }> => m.type === type);
  }
}
