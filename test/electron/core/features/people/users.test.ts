import fs from 'node:fs';
import type { AuthSession } from '../../../../../shared/contract/domains/auth.ts';
import type { UserSummary } from '../../../../../shared/contract/domains/users.ts';
import { readBootstrapCode } from '../../../../../electron/core/platform/host/bootstrapCode.ts';
import { startPeopleHarness } from './peopleHarness.ts';

const badge = (badgeId: string, pin: string) => ({ method: 'badge', badgeId, pin });

describe('users, managed by an administrator', () => {
  let h: Awaited<ReturnType<typeof startPeopleHarness>>;
  beforeEach(async () => {
    h = await startPeopleHarness();
  });
  afterEach(() => h.stop());
  const signedIn = async (b: string, pin: string) => {
    const s = h.sessions.open();
    await h.call('auth.signIn', badge(b, pin), s);
    return s;
  };

  it('creates a person who can then sign in; the PIN is stored only as a scrypt hash and never audited', async () => {
    const admin = await signedIn('BADGE-1004', '4444');
    const u = await h.call<UserSummary>('users.create', { userName: 'mira', displayName: 'Mira Kovac', badgeId: 'BADGE-3001', roles: ['planner', 'quality'], pin: '97531' }, admin);
    expect(u).toMatchObject({ userName: 'mira', roles: ['planner', 'quality'], active: true, failedCount: 0 });
    expect(u).not.toHaveProperty('pinHash');
    const stored = h.db.prepare('SELECT pin_hash FROM user_account WHERE user_id = ?').get(u.userId) as { pin_hash: string };
    expect(stored.pin_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(h.auditRows())).not.toContain('97531');
    expect(JSON.stringify(h.logger.lines)).not.toContain('97531');
    const s = await signedIn('BADGE-3001', '97531');
    expect(h.sessions.actorOf(s)?.roles).toEqual(['planner', 'quality']);
  });

  it('refuses duplicates, keeps the last administrator, and signs out a person whose roles change', async () => {
    const admin = await signedIn('BADGE-1004', '4444');
    const dup = await h.dispatch('users.create', { userName: 'ANNA', displayName: 'x', badgeId: null, roles: ['viewer'], pin: '1234' }, admin);
    expect(dup.ok === false && dup.error.code).toBe('CONFLICT');
    const last = await h.dispatch('users.update', { userId: 'demo-ada', roles: ['viewer'] }, admin);
    expect(last.ok === false && last.error.message).toMatch(/At least one active administrator/);
    const anna = await signedIn('BADGE-1001', '1111');
    await h.call('users.update', { userId: 'demo-anna', roles: ['supervisor', 'planner'] }, admin);
    expect(h.sessions.state(anna)?.signedIn).toBe(false);
    await h.call('users.update', { userId: 'demo-anna', active: false }, admin);
    const r = await h.dispatch('auth.signIn', badge('BADGE-1001', '1111'), h.sessions.open());
    expect(r.ok).toBe(false);
    const upd = h.auditRows().filter((x) => x.action === 'users.update');
    expect(JSON.parse(upd[0]!.details!)).toEqual({ changes: { roles: { from: ['supervisor'], to: ['planner', 'supervisor'] } } });
  });

  it('unlocks a locked-out person and sets a new PIN, both audited', async () => {
    const admin = await signedIn('BADGE-1004', '4444');
    const s = h.sessions.open();
    for (let i = 0; i < 5; i++) await h.dispatch('auth.signIn', badge('BADGE-1002', '0000'), s);
    expect((await h.call<UserSummary[]>('users.list', {}, admin)).find((u) => u.userId === 'demo-paul')?.lockedUntil).not.toBeNull();
    await h.call('users.unlock', { userId: 'demo-paul' }, admin);
    await h.call('users.setPin', { userId: 'demo-paul', pin: '24680' }, admin);
    expect((await h.dispatch('auth.signIn', badge('BADGE-1002', '24680'), s)).ok).toBe(true);
    expect(h.auditRows().filter((x) => x.user_id === 'demo-ada').map((x) => x.action)).toEqual(['auth.signIn', 'users.unlock', 'users.setPin']); // reads are not audited
  });

  it('refuses people management to every role but admin, and audits each refusal', async () => {
    const anna = await signedIn('BADGE-1001', '1111');
    const r = await h.dispatch('users.create', { userName: 'evil', displayName: 'Evil', badgeId: null, roles: ['admin'], pin: '1234', actor: { userId: 'demo-ada', roles: ['admin'] } }, anna);
    expect(r.ok === false && r.error.code).toBe('FORBIDDEN');
    expect(h.db.prepare("SELECT count(*) AS c FROM user_account WHERE user_name = 'evil'").get()).toEqual({ c: 0 });
    expect(h.auditRows().at(-1)).toMatchObject({ user_id: 'demo-anna', action: 'users.create', outcome: 'denied' });
  });
});

describe('first run of a production plant', () => {
  it('needs a first administrator, created only with the one-time code from the console, which never reaches the log', async () => {
    const h = await startPeopleHarness({ mode: 'production' });
    try {
      expect(h.firstRunFile).not.toBeNull();
      expect(fs.statSync(h.firstRunFile!).mode & 0o777).toBe(0o600);
      const code = readBootstrapCode(h.dataDir)!;
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(JSON.stringify(h.logger.lines)).not.toContain(code);
      const s = h.sessions.open();
      expect((await h.call<AuthSession>('auth.session', {}, s)).needsBootstrap).toBe(true);
      const req = { userName: 'root', displayName: 'First Admin', pin: '123456' };
      const wall = await h.dispatch('auth.bootstrap', { ...req, code }, h.sessions.open({ viewerOnly: true }));
      expect(wall.ok === false && wall.error.code).toBe('FORBIDDEN');
      const wrong = await h.dispatch('auth.bootstrap', { ...req, code: 'AAAA-BBBB-CCCC' }, s);
      expect(wrong.ok === false && wrong.error.code).toBe('UNAUTHENTICATED');
      const made = await h.call<AuthSession>('auth.bootstrap', { ...req, code: code.toLowerCase() }, s);
      expect(made).toMatchObject({ signedIn: true, needsBootstrap: false, actor: { displayName: 'First Admin', roles: ['admin'] } });
      expect(fs.existsSync(h.firstRunFile!)).toBe(false);
      const again = await h.dispatch('auth.bootstrap', { ...req, userName: 'root2', code }, h.sessions.open());
      expect(again.ok === false && again.error.code).toBe('CONFLICT');
      expect(h.auditRows().map((r) => [r.action, r.outcome])).toEqual([['auth.bootstrap', 'denied'], ['auth.bootstrap', 'failed'], ['auth.bootstrap', 'ok']]);
    } finally {
      h.stop();
    }
  });
});
