import { DeviceStore, PAIRING_CODE_TTL_MS } from '../../../../../electron/core/platform/hub/deviceStore.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const ADA = { userId: 'demo-ada', displayName: 'Ada Admin', roles: ['admin' as const] };
const T0 = 1_800_000_000_000;

function store(name: string): { s: DeviceStore; audit: () => string[] } {
  const db = openTestDb(tmp.dir, name);
  migrate(db);
  return { s: new DeviceStore(db), audit: () => (db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((r) => r.action) };
}

describe('hub devices and pairing codes (real SQLite)', () => {
  it('a code pairs once, typed in any case and with or without the dash; the credential proves the device until it is revoked', () => {
    const { s, audit } = store('a.db');
    const { code, expiresAt } = s.createPairingCode(ADA, 'Lab console', 'console', T0);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(expiresAt).toBe(T0 + PAIRING_CODE_TTL_MS);
    const r = s.redeem(` ${code.toLowerCase().replace('-', ' ')} `, T0 + 1000);
    if (!r.ok) throw new Error(r.reason);
    expect(r.device).toMatchObject({ name: 'Lab console', kind: 'console', pairedByName: 'Ada Admin', revokedAt: null });
    expect(s.redeem(code, T0 + 2000)).toEqual({ ok: false, reason: expect.stringMatching(/wrong, expired or already used/) });

    expect(s.verify(r.credential)?.id).toBe(r.device.id);
    expect(s.verify(`${r.device.id}.${'x'.repeat(43)}`)).toBeNull();
    expect(s.verify('no-dot')).toBeNull();
    expect(s.verify(`${r.device.id}.`)).toBeNull();

    expect(s.revoke(ADA, r.device.id, T0 + 3000)?.revokedByName).toBe('Ada Admin');
    expect(s.verify(r.credential)).toBeNull();
    expect(s.isActive(r.device.id)).toBe(false);
    expect(s.revoke(ADA, 'unknown', T0)).toBeNull();
    expect(audit()).toEqual(['hub.pairingCode', 'hub.paired', 'hub.revoke']);
  });

  it('a code is refused from the moment it expires, with the same words as a wrong one', () => {
    const { s } = store('b.db');
    const { code } = s.createPairingCode(ADA, 'Board', 'wallboard', T0);
    const wrong = s.redeem('AAAA-AAAA', T0);
    const expired = s.redeem(code, T0 + PAIRING_CODE_TTL_MS);
    expect(expired).toEqual(wrong);
    expect(s.list()).toEqual([]);
  });
});
