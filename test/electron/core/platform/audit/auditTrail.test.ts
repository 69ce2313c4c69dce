import fs from 'node:fs';
import path from 'node:path';
import { type AuditRow, GENESIS_HASH, recordAudit, recordHash, verifyAudit } from '../../../../../electron/core/platform/audit/auditTrail.ts';
import { canonicalJson } from '../../../../../electron/core/platform/audit/canonicalJson.ts';
import type { WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { Actor } from '../../../../../shared/domain/actor.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let n = 0;
const freshDb = (): WritableDb => {
  const db = openTestDb(tmp.dir, `audit${++n}.db`);
  migrate(db);
  return db;
};
const anna: Actor = { userId: 'u-anna', displayName: 'Anna Supervisor', roles: ['supervisor'] };

function fill(db: WritableDb, count: number): void {
  for (let i = 0; i < count; i++) {
    recordAudit(db, { at: 1_000 + i, actor: anna, action: 'downtime.setReason', target: `L${i % 3}`, details: { reason: `r${i}` }, outcome: 'ok' });
  }
}

/** Opens a copy of the file, lets `tamper` change it with the protection triggers dropped, returns verify's answer. */
function tamperCopy(db: WritableDb, tamper: (copy: WritableDb) => void) {
  const copyName = `copy${++n}.db`;
  db.exec(`VACUUM INTO '${path.join(tmp.dir, copyName)}'`);
  const copy = openTestDb(tmp.dir, copyName);
  copy.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  tamper(copy);
  const result = verifyAudit(copy);
  copy.close();
  return result;
}

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, and drops what JSON cannot carry', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson({ a: { c: true, d: [1, 'x', null] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } }));
    expect(canonicalJson({ u: undefined, n: Number.NaN, i: Infinity, big: 10n })).toBe('{"big":"10","i":null,"n":null}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });
});

describe('recordAudit / verifyAudit', () => {
  it('chains every record to the one before and verifies an untouched trail', () => {
    const db = freshDb();
    expect(verifyAudit(db)).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
    fill(db, 5);
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const v = verifyAudit(db);
    expect(v).toEqual({ ok: true, count: 5, headHash: rows[4]!.hash });
    db.close();
  });

  it('never stores secret-looking fields of details', () => {
    const db = freshDb();
    recordAudit(db, { at: 1, actor: anna, action: 'users.setPin', target: 'u-ben', details: { pin: '4711', nested: { password: 'x', ok: 1 } }, outcome: 'ok' });
    const row = db.prepare('SELECT details FROM audit_log').get() as { details: string };
    expect(row.details).toBe('{"nested":{"ok":1,"password":"***"},"pin":"***"}');
    expect(row.details).not.toContain('4711');
    db.close();
  });

  it('rolls back the privileged change when the audit record cannot be written (T33 write failure)', () => {
    const db = freshDb();
    db.exec('CREATE TABLE thing (v INTEGER) STRICT');
    db.exec("CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    const privileged = db.transaction(() => {
      db.prepare('INSERT INTO thing (v) VALUES (1)').run();
      recordAudit(db, { at: 1, actor: anna, action: 'thing.change', outcome: 'ok' });
    });
    expect(() => privileged()).toThrow(/disk says no/);
    expect(db.prepare('SELECT count(*) AS c FROM thing').get()).toEqual({ c: 0 });
    expect(db.prepare('SELECT count FROM audit_head').get()).toEqual({ count: 0 });
    db.close();
  });

  it('T33: finds every kind of tampering and says where (tamper detection 100 %)', () => {
    const db = freshDb();
    const N = 12;
    fill(db, N);
    const cases: { name: string; expected: { problem: string; at: number }; tamper: (c: WritableDb) => void }[] = [];
    for (let seq = 1; seq <= N; seq++) {
      cases.push({ name: `edit target of ${seq}`, expected: { problem: 'edited', at: seq }, tamper: (c) => c.prepare("UPDATE audit_log SET target = 'L9' WHERE seq = ?").run(seq) });
      cases.push({ name: `edit outcome of ${seq}`, expected: { problem: 'edited', at: seq }, tamper: (c) => c.prepare("UPDATE audit_log SET outcome = 'failed' WHERE seq = ?").run(seq) });
      cases.push({ name: `edit time of ${seq}`, expected: { problem: 'edited', at: seq }, tamper: (c) => c.prepare('UPDATE audit_log SET at = at + 1 WHERE seq = ?').run(seq) });
      cases.push({ name: `change the user of ${seq}`, expected: { problem: 'edited', at: seq }, tamper: (c) => c.prepare("UPDATE audit_log SET user_id = 'u-other' WHERE seq = ?").run(seq) });
      if (seq < N) {
        cases.push({ name: `delete ${seq}`, expected: { problem: 'deleted', at: seq + 1 }, tamper: (c) => c.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq) });
        cases.push({
          name: `delete ${seq} and renumber`,
          expected: { problem: 'deleted', at: seq },
          tamper: (c) => {
            c.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
            for (let s = seq + 1; s <= N; s++) c.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s - 1, s);
            c.prepare('UPDATE audit_head SET count = count - 1').run();
          },
        });
        cases.push({
          name: `swap ${seq} and ${seq + 1}`,
          expected: { problem: 'reordered', at: seq },
          tamper: (c) => {
            c.prepare('UPDATE audit_log SET seq = -1 WHERE seq = ?').run(seq);
            c.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(seq, seq + 1);
            c.prepare('UPDATE audit_log SET seq = ? WHERE seq = -1').run(seq + 1);
          },
        });
      }
    }
    cases.push({ name: 'cut the last record', expected: { problem: 'truncated', at: N }, tamper: (c) => c.prepare('DELETE FROM audit_log WHERE seq = ?').run(N) });
    cases.push({
      name: 'append a forged record',
      expected: { problem: 'inserted', at: N + 1 },
      tamper: (c) => {
        // A well-formed record: the forger knows the algorithm and chains it correctly; only the head gives it away.
        const last = c.prepare('SELECT * FROM audit_log WHERE seq = ?').get(N) as AuditRow;
        const forged = { ...last, seq: N + 1, at: last.at + 1, action: 'holds.release', prev_hash: last.hash };
        forged.hash = recordHash(forged.prev_hash, forged);
        c.prepare('INSERT INTO audit_log VALUES (@seq, @at, @user_id, @display_name, @roles, @action, @target, @details, @outcome, @prev_hash, @hash)').run(forged);
      },
    });
    let detected = 0;
    for (const c of cases) {
      const r = tamperCopy(db, c.tamper);
      expect(r, c.name).toMatchObject({ ok: false, ...c.expected });
      if (!r.ok) detected++;
    }
    expect(verifyAudit(db).ok).toBe(true);
    console.log(`T33: tamper detected ${detected}/${cases.length} (${((100 * detected) / cases.length).toFixed(0)} %), each at the tampered record`);
    expect(detected).toBe(cases.length);
    db.close();
  });

  it('keeps the chain intact across reopen of the database file', () => {
    const db = freshDb();
    fill(db, 3);
    const file = db.name;
    db.close();
    expect(fs.existsSync(file)).toBe(true);
    const again = openTestDb(path.dirname(file), path.basename(file));
    fill(again, 2);
    expect(verifyAudit(again)).toMatchObject({ ok: true, count: 5 });
    again.close();
  });
});
