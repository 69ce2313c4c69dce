import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Actor, ANONYMOUS_VIEWER } from '../../../../shared/domain/actor.ts';
import type { Clock } from '../ports/ports.ts';

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
  /** The SHA-256 of the secret that lets a reload of this screen take the session back (null: none). */
  resumeKey: string | null;
  /** The screen's connection closed while someone was signed in: kept for a reload until idle lock. */
  detachedAt: number | null;
}

/** At most this many closed screens are kept for a reload; the oldest goes first. */
export const MAX_DETACHED_SESSIONS = 64;

const keyOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A sign-in a screen may take back with its resume secret (only the secret's SHA-256 is kept). */
export interface ResumeRecord {
  key: string;
  actor: Actor;
  signedInAt: number;
  lastActivityAt: number;
}

/**
 * Keeps resumable sign-ins beyond this process, so a restarted plant hub lets its consoles' screens take
 * their person back (until idle lock) instead of asking for a new sign-in (docs/hub.md). Only the hub has
 * one; a standalone console's screens are in the same process as its core and restart with it.
 */
export interface ResumeKeeper {
  load(): ResumeRecord[];
  put(record: ResumeRecord): void;
  /** The last activity moved on: may be written later, in a batch. */
  touch(key: string, lastActivityAt: number): void;
  drop(key: string): void;
}

export interface SessionState {
  actor: Actor;
  signedIn: boolean;
  viewerOnly: boolean;
  lockedUser: Actor | null;
  lockedAt: number | null;
  lastActivityAt: number;
  /** A resume secret has been issued for this sign-in. */
  hasResume: boolean;
}

/**
 * The core's own record of who acts on each screen. Hosts pass only a session id with each command;
 * the actor is never taken from the renderer. Sign-in replaces the actor, lock and sign-out drop it
 * back to the anonymous viewer, so after a lock nobody acts as the person who walked away.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly clock: Clock;
  private readonly keeper: ResumeKeeper | null;

  constructor(clock: Clock, keeper?: ResumeKeeper) {
    this.clock = clock;
    this.keeper = keeper ?? null;
    // What a previous run of this process had issued comes back as closed screens waiting for a reload.
    for (const r of this.keeper?.load() ?? []) {
      const id = randomUUID();
      this.sessions.set(id, { id, actor: r.actor, viewerOnly: false, openedAt: r.signedInAt, lastActivityAt: r.lastActivityAt, signedInAt: r.signedInAt, lockedUser: null, lockedAt: null, resumeKey: r.key, detachedAt: clock.now() });
    }
  }

  /** The session's resume secret stops working (here and in the keeper). */
  private forget(s: Session): void {
    if (s.resumeKey !== null) this.keeper?.drop(s.resumeKey);
    s.resumeKey = null;
  }

  private remove(s: Session): void {
    this.forget(s);
    this.sessions.delete(s.id);
  }

  open(options: SessionOptions = {}): string {
    const id = randomUUID();
    const now = this.clock.now();
    this.sessions.set(id, { id, actor: ANONYMOUS_VIEWER, viewerOnly: options.viewerOnly === true, openedAt: now, lastActivityAt: now, signedInAt: null, lockedUser: null, lockedAt: null, resumeKey: null, detachedAt: null });
    return id;
  }

  /**
   * The screen's connection is gone. A session with someone signed in stays (detached, acting for
   * nobody) so a reload of that screen can take it back with its resume secret; the idle lock ends it
   * as it would have ended the open one.
   */
  close(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    if (s.signedInAt === null || s.resumeKey === null) {
      this.remove(s);
      return;
    }
    s.detachedAt = this.clock.now();
    const detached = [...this.sessions.values()].filter((x) => x.detachedAt !== null).sort((a, b) => a.detachedAt! - b.detachedAt!);
    for (const old of detached.slice(0, Math.max(0, detached.length - MAX_DETACHED_SESSIONS))) this.remove(old);
  }

  /**
   * A new resume secret for this signed-in screen (the old one stops working). Only its hash is kept;
   * the secret goes to the screen, which keeps it in the tab's sessionStorage.
   */
  issueResume(id: string): string | null {
    const s = this.sessions.get(id);
    if (!s || s.signedInAt === null || s.detachedAt !== null) return null;
    const secret = randomBytes(32).toString('base64url');
    this.forget(s);
    s.resumeKey = keyOf(secret);
    this.keeper?.put({ key: s.resumeKey, actor: s.actor, signedInAt: s.signedInAt, lastActivityAt: s.lastActivityAt });
    return secret;
  }

  /**
   * A reloaded screen (`into`, a fresh session nobody is signed in on) takes back the person of the
   * detached session that `secret` names, with that session's last activity, so the idle lock runs on
   * from where it was. Refused (null) when the secret names no detached session, when that session has
   * been idle past `idleSince`, or when `into` is viewer-only or has someone signed in. The detached
   * session is gone afterwards whatever the outcome of the checks on `into`, so a secret works once.
   */
  resume(into: string, secret: string, idleSince: number): Actor | null {
    const target = this.sessions.get(into);
    if (!target || target.viewerOnly || target.signedInAt !== null || target.detachedAt !== null) return null;
    const key = keyOf(secret);
    let from: Session | undefined;
    for (const s of this.sessions.values()) if (s.resumeKey === key && s.detachedAt !== null) from = s;
    if (!from || from.signedInAt === null) return null;
    this.remove(from);
    if (from.lastActivityAt <= idleSince) return null;
    target.actor = from.actor;
    target.signedInAt = from.signedInAt;
    target.lastActivityAt = from.lastActivityAt;
    target.lockedUser = null;
    target.lockedAt = null;
    this.forget(target);
    return target.actor;
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
    this.forget(s);
    return true;
  }

  /** Locks the screen: the person becomes a name on the lock screen, the session a viewer. */
  lock(id: string): Actor | null {
    const s = this.sessions.get(id);
    if (!s || s.signedInAt === null) return null;
    const was = s.actor;
    this.forget(s);
    if (s.detachedAt !== null) {
      // Nobody is looking at a closed screen: locking it ends it.
      this.sessions.delete(id);
      return was;
    }
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
    if (s.detachedAt !== null) {
      this.remove(s);
      return was;
    }
    this.forget(s);
    s.actor = ANONYMOUS_VIEWER;
    s.signedInAt = null;
    s.lockedUser = null;
    s.lockedAt = null;
    return was;
  }

  touch(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    s.lastActivityAt = this.clock.now();
    if (s.resumeKey !== null) this.keeper?.touch(s.resumeKey, s.lastActivityAt);
  }

  lastActivityAt(id: string): number | undefined {
    return this.sessions.get(id)?.lastActivityAt;
  }

  state(id: string): SessionState | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    return { actor: s.actor, signedIn: s.signedInAt !== null, viewerOnly: s.viewerOnly, lockedUser: s.lockedUser, lockedAt: s.lockedAt, lastActivityAt: s.lastActivityAt, hasResume: s.resumeKey !== null };
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

  /** Open screens (a detached one waiting for a reload is not one). */
  ids(): string[] {
    return [...this.sessions.values()].filter((s) => s.detachedAt === null).map((s) => s.id);
  }
}
