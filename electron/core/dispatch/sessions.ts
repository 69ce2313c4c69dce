import { randomUUID } from 'node:crypto';
import { type Actor, ANONYMOUS_VIEWER } from '../../../shared/domain/actor.ts';
import type { Clock } from '../ports.ts';

export interface SessionOptions {
  /**
   * A screen reached over the network (a wall board): it may watch, never sign in. Only the host
   * that accepted the connection knows this, so only it sets it.
   */
  viewerOnly?: boolean;
}

interface Session {
  id: string;
  actor: Actor;
  viewerOnly: boolean;
  openedAt: number;
  lastActivityAt: number;
  signedInAt: number | null;
  /** Who was signed in when the screen locked: shown on the lock screen, never acted as. */
  lockedUser: Actor | null;
  lockedAt: number | null;
}

export interface SessionState {
  actor: Actor;
  signedIn: boolean;
  viewerOnly: boolean;
  lockedUser: Actor | null;
  lockedAt: number | null;
  lastActivityAt: number;
}

/**
 * The core's own record of who acts on each screen. Hosts pass only a session id with each command;
 * the actor is never taken from the renderer. Sign-in replaces the actor, lock and sign-out drop it
 * back to the anonymous viewer, so after a lock nobody acts as the person who walked away.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  open(options: SessionOptions = {}): string {
    const id = randomUUID();
    const now = this.clock.now();
    this.sessions.set(id, { id, actor: ANONYMOUS_VIEWER, viewerOnly: options.viewerOnly === true, openedAt: now, lastActivityAt: now, signedInAt: null, lockedUser: null, lockedAt: null });
    return id;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  actorOf(id: string): Actor | undefined {
    return this.sessions.get(id)?.actor;
  }

  /** Sets who acts on this screen. Refused (false) for an unknown or viewer-only session. */
  setActor(id: string, actor: Actor): boolean {
    const s = this.sessions.get(id);
    if (!s || s.viewerOnly) return false;
    const now = this.clock.now();
    s.actor = actor;
    s.signedInAt = now;
    s.lastActivityAt = now;
    s.lockedUser = null;
    s.lockedAt = null;
    return true;
  }

  /** Locks the screen: the person becomes a name on the lock screen, the session a viewer. */
  lock(id: string): Actor | null {
    const s = this.sessions.get(id);
    if (!s || s.signedInAt === null) return null;
    const was = s.actor;
    s.lockedUser = was;
    s.lockedAt = this.clock.now();
    s.actor = ANONYMOUS_VIEWER;
    s.signedInAt = null;
    return was;
  }

  signOut(id: string): Actor | null {
    const s = this.sessions.get(id);
    if (!s) return null;
    const was = s.signedInAt === null ? null : s.actor;
    s.actor = ANONYMOUS_VIEWER;
    s.signedInAt = null;
    s.lockedUser = null;
    s.lockedAt = null;
    return was;
  }

  touch(id: string): void {
    const s = this.sessions.get(id);
    if (s) s.lastActivityAt = this.clock.now();
  }

  lastActivityAt(id: string): number | undefined {
    return this.sessions.get(id)?.lastActivityAt;
  }

  state(id: string): SessionState | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    return { actor: s.actor, signedIn: s.signedInAt !== null, viewerOnly: s.viewerOnly, lockedUser: s.lockedUser, lockedAt: s.lockedAt, lastActivityAt: s.lastActivityAt };
  }

  /** Sessions with a person signed in whose last activity is at or before `idleSince`. */
  idleSignedIn(idleSince: number): string[] {
    const out: string[] = [];
    for (const s of this.sessions.values()) if (s.signedInAt !== null && s.lastActivityAt <= idleSince) out.push(s.id);
    return out;
  }

  /** Every session where `userId` is signed in (an admin deactivating a user ends them). */
  sessionsOf(userId: string): string[] {
    const out: string[] = [];
    for (const s of this.sessions.values()) if (s.signedInAt !== null && s.actor.userId === userId) out.push(s.id);
    return out;
  }

  ids(): string[] {
    return [...this.sessions.keys()];
  }
}
