import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describeCaseItem } from '../../../../../electron/core/features/cases/index.ts';
import { CASE_CREATE, CASE_UPDATE, type CaseCreatePayload, type CaseUpdatePayload } from '../../../../../electron/core/platform/cmms/cmmsTypes.ts';
import { openDatabase, type WritableDb } from '../../../../../electron/core/platform/storage/db.ts';
import type { OutboxItemView } from '../../../../../shared/contract/domains/outbox.ts';
import { type CoreHarness, startCoreWithDemoPlant } from '../../../../fixtures/coreHarness.ts';

// Issue 18: the Outbox once read "Instandhaltungsfall: case.create": the core had no words for case items,
// so their summary (what a screen falls back to, and what logs and exports carry) was the kind's code.
let h: CoreHarness;
let db: WritableDb;
beforeAll(async () => {
  h = await startCoreWithDemoPlant();
  const opened = openDatabase(path.join(h.dataDir, 'console.db'), { fileMustExist: true });
  if (!opened.ok) throw new Error('console.db did not open');
  db = opened.db;
}, 120_000);
afterAll(async () => {
  db?.close();
  await h?.stop();
});

describe('case items on the outbox are described in words, never by their kind code', () => {
  it('outbox.list of the real core: a new case and a note say the line and what happened', async () => {
    const caseId = randomUUID();
    const at = Date.now();
    const created: CaseCreatePayload = { caseId, plantId: 'P1', lineId: 'L2', lineName: 'Line 2 – Capping', assetId: null, locationId: null, title: 'Line 2 – Capping: faulted, stopped too long', description: 'x', priority: 2, machineDown: true, malfunctionStart: null, reportedBy: 'Paul Novak', createdAt: new Date(at).toISOString() };
    CASE_CREATE.enqueue(db, { id: caseId, payload: created, at });
    const updateId = randomUUID();
    const note: CaseUpdatePayload = { caseId, updateId, text: 'Capper jams at the infeed star wheel\n\nEvidence …', assetKey: 'L2/L2' };
    CASE_UPDATE.enqueue(db, { id: updateId, payload: note, at });
    const s = h.core.openSession();
    const signedIn = await h.core.dispatch('auth.signIn', { method: 'badge', badgeId: 'BADGE-1002', pin: '2222' }, s);
    expect(signedIn.ok).toBe(true);
    const r = await h.core.dispatch('outbox.list', { limit: 50, includeResolved: true }, s);
    expect(r.ok).toBe(true);
    const items = (r.ok ? r.value : []) as OutboxItemView[];
    const mine = items.filter((i) => i.id === caseId || i.id === updateId);
    expect(mine.map((i) => i.summary).sort()).toEqual(['Line 2 – Capping: faulted, stopped too long (P2, machine down)', 'Note for L2: Capper jams at the infeed star wheel']);
    for (const i of mine) expect(i.summary).not.toMatch(/^case\./);
  }, 60_000);

  it('a payload it cannot read still reads as a case, not a code', () => {
    expect(describeCaseItem('case.create', {})).toBe('Maintenance case');
    expect(describeCaseItem('case.create', { lineName: 'Line 1', title: '' })).toBe('Maintenance case for Line 1');
    expect(describeCaseItem('case.update', null)).toBe('Note for a maintenance case');
    expect(describeCaseItem('hold.place', {})).toBeNull();
  });
});
