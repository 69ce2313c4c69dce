import { outboxHandlers } from '../../../../../electron/core/features/outbox/outboxHandlers.ts';
import { createRestErp } from '../../../../../electron/core/platform/erp/RestErp.ts';
import { systemClock } from '../../../../../electron/core/platform/ports/nodePorts.ts';
import { OutboxHub } from '../../../../../electron/core/platform/outbox/OutboxHub.ts';
import { enqueueOutbox, getItem } from '../../../../../electron/core/platform/outbox/outboxRepo.ts';
import { migrate } from '../../../../../electron/core/platform/storage/migrations/index.ts';
import type { OutboxItemView, OutboxEventView } from '../../../../../shared/contract/domains/outbox.ts';
import type { Actor } from '../../../../../shared/domain/actor.ts';
import type { Lang, Message } from '../../../../../shared/i18n/index.ts';
import { createI18n, tMessage } from '../../../../../renderer/i18n/index.tsx';
import { memoryLogger, memorySecrets, switchableOnline } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';
import { confirmationPayload, demoOrderId, outboxRig, until } from '../../platform/outbox/outboxFixture.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const anna: Actor = { userId: 'demo-anna', displayName: 'Anna Berg', roles: ['supervisor'] };
const ada: Actor = { userId: 'demo-ada', displayName: 'Ada Admin', roles: ['admin'] };
const read = (m: Message | null | undefined, fallback: string, lang: Lang) => tMessage(m, fallback, createI18n(lang));

type Get = { item: OutboxItemView; history: OutboxEventView[] };
async function get(h: ReturnType<typeof outboxHandlers>, id: string, actor: Actor): Promise<Get> {
  const r = await h['outbox.get']({ id }, { actor, sessionId: 's', now: Date.now() });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Get;
}

describe('a stored outbox reason shows in the reader’s language (real SAP sandbox and a closed port, real SQLite)', () => {
  it("the ERP's rejection: German for a German reader, English for an English one; the ERP's own words inside; details only for the administrator", async () => {
    const rig = await outboxRig({ dir: tmp.dir, clock: systemClock, batchSize: 20 });
    try {
      const closed = demoOrderId(5);
      rig.sandbox.admin.setOrder(closed, { closed: true });
      const id = '6f1c1c64-3c1a-4a55-9e0e-8a4c1d2b3e4f';
      enqueueOutbox(rig.db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: `order:${closed}`, payload: confirmationPayload(id, closed), at: Date.now() });
      rig.hub.start();
      await until(() => getItem(rig.db, id)?.state === 'rejected', 15_000);
      const h = outboxHandlers({ db: rig.db, hub: rig.hub, describers: [], supersedeHooks: new Map() });

      const forAnna = await get(h, id, anna);
      const e = forAnna.item.lastError!;
      // The English text as the adapter wrote it, unchanged.
      expect(e.message).toBe(`Order ${closed} is closed; no confirmations possible`);
      expect(e.msg).toEqual({ key: 'remote.rejected', params: { target: 'erp', text: e.message } });
      expect(read(e.msg, e.message, 'de')).toBe(`Das ERP hat es abgelehnt: Order ${closed} is closed; no confirmations possible. Korrigieren und erneut senden oder verwerfen.`);
      expect(read(e.msg, e.message, 'en')).toBe(`The ERP refused it: Order ${closed} is closed; no confirmations possible. Correct it and send it again, or discard it.`);
      // Codes and statuses are the administrator's.
      expect(e.technical).toBeUndefined();
      expect((await get(h, id, ada)).item.lastError!.technical).toMatch(/HTTP 400/);

      // The history line was stored with its message (migration 0200) and reads in either language.
      const rejected = forAnna.history.find((x) => x.toState === 'rejected')!;
      expect(rejected.note).toMatch(/^rejected: Order/);
      expect(read(rejected.noteMsg, rejected.note, 'de')).toMatch(/^Das ERP hat es abgelehnt: /);

      // A person discards it with a reason: the history says so in the reader's language, with their words.
      const d = await h['outbox.discard']({ id, reason: 'Auftrag ist abgeschlossen' }, { actor: anna, sessionId: 's', now: Date.now() });
      expect(d.ok).toBe(true);
      const discarded = (await get(h, id, anna)).history.at(-1)!;
      expect(read(discarded.noteMsg, discarded.note, 'de')).toBe('Von einer Person verworfen: Auftrag ist abgeschlossen');
      expect(read(discarded.noteMsg, discarded.note, 'en')).toBe('Discarded by a person: Auftrag ist abgeschlossen');
      // Who did it, by name, not by the internal user id (issue 18 item 3): the history named "demo-anna" before.
      expect(discarded.actor).toBe('demo-anna'); // no account in this database: the id is all there is
      rig.db
        .prepare("INSERT INTO user_account (user_id, user_name, display_name, badge_id, roles, pin_hash, active, failed_count, locked_until, created_at, updated_at) VALUES ('demo-anna', 'anna', 'Anna Berg', NULL, '[\"supervisor\"]', 'scrypt$x', 1, 0, NULL, 0, 0)")
        .run();
      expect((await get(h, id, anna)).history.at(-1)!.actor).toBe('Anna Berg');
    } finally {
      await rig.close();
    }
  });

  it('an ERP that refuses connections: what happened and what to do, no socket code in front of a person', async () => {
    const db = openTestDb(tmp.dir, 'refused.db');
    migrate(db);
    // Port 1 on loopback: nothing listens there, the connection is refused.
    const erp = createRestErp({ baseUrl: 'http://127.0.0.1:1', plant: '1710', credentialsSecret: 'erp', secrets: memorySecrets({ erp: 'demo-key' }), batchSize: 20, timeoutMs: 3_000 });
    const hub = new OutboxHub({ db, clock: systemClock, online: switchableOnline(true), logger: memoryLogger(), breaker: { failureThreshold: 1000, openMs: 60_000 }, backoff: { baseMs: 60_000, capMs: 60_000 }, pollMs: 60_000, random: () => 0.5 });
    hub.register(erp.adapter);
    const id = '0b7c2f0e-6a1d-4c8e-9f10-2a3b4c5d6e7f';
    enqueueOutbox(db, { id, target: 'erp', kind: 'confirmation.post', orderingKey: 'order:1', payload: confirmationPayload(id, demoOrderId(1)), at: Date.now() });
    hub.start();
    try {
      await until(() => getItem(db, id)?.lastError !== null && getItem(db, id)?.lastError !== undefined, 15_000);
      const h = outboxHandlers({ db, hub, describers: [], supersedeHooks: new Map() });
      const e = (await get(h, id, anna)).item.lastError!;
      expect(e.message).toMatch(/ECONNREFUSED/);
      expect(e.msg?.key).toBe('net.refused');
      const de = read(e.msg, e.message, 'de');
      expect(de).toBe('Das ERP hat die Verbindung abgelehnt: Es ist vielleicht gestoppt oder startet neu. Die Konsole versucht es von selbst wieder; hält es an, fragen Sie die IT, ob es läuft.');
      expect(de).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      expect(read(e.msg, e.message, 'en')).toMatch(/^The ERP refused the connection/);
      // The header's line too.
      const stats = hub.stats().targets.find((t) => t.target === 'erp')!;
      expect(stats.lastErrorMsg?.key).toBe('net.refused');
    } finally {
      hub.dispose();
      db.close();
    }
  });
});
