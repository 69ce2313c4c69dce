import { randomUUID } from 'node:crypto';
import { type Actor, ANONYMOUS_VIEWER } from '../../../shared/domain/actor.ts';
import type { Clock } from '../ports.ts';

interface Session {
  id: string;
  actor: Actor;
  openedAt: number;
  lastActivityAt: number;
}

/**
 * The core's own record of who acts on each screen. Hosts pass only a session id with each command;
 * the actor is never taken from the renderer.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  open(): string {
    const id = randomUUID();
    const now = this.clock.now();
    this.sessions.set(id, { id, actor: ANONYMOUS_VIEWER, openedAt: now, lastActivityAt: now });
    return id;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  actorOf(id: string): Actor | undefined {
    return this.sessions.get(id)?.actor;
  }

  setActor(id: string, actor: Actor): void {
    const s = this.sessions.get(id);
    if (s) s.actor = actor;
  }

  touch(id: string): void {
    const s = this.sessions.get(id);
    if (s) s.lastActivityAt = this.clock.now();
  }

  lastActivityAt(id: string): number | undefined {
    return this.sessions.get(id)?.lastActivityAt;
  }

  ids(): string[] {
    return [...this.sessions.keys()];
  }
}
