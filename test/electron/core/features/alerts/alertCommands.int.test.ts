import path from 'node:path';
import Database from 'better-sqlite3';
import type { AlertView } from '../../../../../shared/contract/domains/alerts.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';
import type { Message } from '../../../../../shared/i18n/index.ts';
import { startCoreWithDemoPlant, type CoreHarness } from '../../../../fixtures/coreHarness.ts';

// The real core on the real demo plant: a line fault raises the controller's OPC UA alarm (Alarms &
// Conditions → `opcua` alert), and every triage command goes through dispatch with its role check and
// leaves an audit row. Acknowledging an `opcua` alert acknowledges the condition on the controller.

const FAULT_KEY = (line: number) => `opcua:demo-plc:nsu=urn:plant-console:demo-plant;s=Line${line}.FaultAlarm`;

let h: CoreHarness;
let reader: Database.Database;
let planner = '';
let supervisor = '';
let viewer = '';

async function signIn(badgeId: string, pin: string): Promise<string> {
  const s = h.core.openSession();
  const r = await h.core.dispatch('auth.signIn', { method: 'badge', badgeId, pin }, s);
  if (!r.ok) throw new Error(r.error.message);
  return s;
}

async function alertByKey(key: string): Promise<AlertView | undefined> {
  const r = await h.core.dispatch('alerts.list', { includeClosed: true }, viewer);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { alerts: AlertView[] }).alerts.find((a) => a.key === key);
}

async function waitAlert(key: string, pred: (a: AlertView) => boolean = () => true): Promise<AlertView> {
  const end = Date.now() + 15_000;
  for (;;) {
    const a = await alertByKey(key);
    if (a && pred(a)) return a;
    if (Date.now() > end) throw new Error(`alert ${key} not in the expected state: ${JSON.stringify(a)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const audit = (action: string) =>
  reader.prepare('SELECT display_name AS who, action, target, outcome FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { who: string; action: string; target: string | null; outcome: string }[];

beforeAll(async () => {
  h = await startCoreWithDemoPlant();
  reader = new Database(path.join(h.dataDir, 'console.db'), { readonly: true });
  planner = await signIn('BADGE-1002', '2222');
  supervisor = await signIn('BADGE-1001', '1111');
  viewer = h.core.openSession();
});
afterAll(async () => {
  reader?.close();
  await h?.stop();
});

describe('alerts from OPC UA Alarms & Conditions, and the triage commands', () => {
  it('a line fault on the controller shows as an active, unacknowledged `opcua` alert on that line', async () => {
    h.plant.injectFault(1, 600);
    const a = await waitAlert(FAULT_KEY(1), (x) => x.active);
    expect(a).toMatchObject({ source: 'opcua', lineId: 'L1', active: true, acked: false, priority: 2 });
    expect(a.title).toContain('Line1.FaultAlarm');
  });

  it('acknowledge: a viewer is refused (audited); a planner’s acknowledgement reaches the controller', async () => {
    const a = (await alertByKey(FAULT_KEY(1)))!;
    const denied = await h.core.dispatch('alerts.acknowledge', { ids: [a.id] }, viewer);
    expect(denied.ok ? 'ok' : denied.error.code).toBe('FORBIDDEN');
    expect(audit('alerts.acknowledge').filter((r) => r.outcome === 'denied').length).toBeGreaterThanOrEqual(1);
    expect(h.plant.alarms.states().find((s) => s.name === 'Line1.FaultAlarm')?.acked).toBe(false);

    const r = await h.core.dispatch('alerts.acknowledge', { ids: [a.id] }, planner);
    expect(r.ok ? r.value : r.error).toEqual({ acknowledged: [a.id], already: [] });
    expect(h.plant.alarms.states().find((s) => s.name === 'Line1.FaultAlarm')).toMatchObject({ active: true, acked: true });
    await waitAlert(FAULT_KEY(1), (x) => x.acked && x.ackedBy === 'Paul Novak');
    expect(audit('alerts.acknowledge').filter((x) => x.outcome === 'ok').map((x) => [x.who, x.target])).toContainEqual(['Paul Novak', String(a.id)]);
  });

  it('shelve needs a reason; timed and one-shot shelves are recorded with who and why; unshelve', async () => {
    const a = (await alertByKey(FAULT_KEY(1)))!;
    const short = await h.core.dispatch('alerts.shelve', { id: a.id, kind: 'timed', minutes: 30, reason: 'x' }, planner);
    expect(short.ok ? 'ok' : short.error.code).toBe('BAD_REQUEST');
    const timed = await h.core.dispatch('alerts.shelve', { id: a.id, kind: 'timed', minutes: 30, reason: 'Fitter on site' }, supervisor);
    expect(timed.ok).toBe(true);
    expect((timed as { value: AlertView }).value.shelving).toMatchObject({ kind: 'timed', reason: 'Fitter on site', by: 'Anna Berg', remainingMs: 1_800_000 });
    const un = await h.core.dispatch('alerts.unshelve', { id: a.id }, planner);
    expect(un.ok && (un.value as AlertView).shelving).toBe(null);
    const once = await h.core.dispatch('alerts.shelve', { id: a.id, kind: 'oneShot', reason: 'Until the fault clears' }, planner);
    expect(once.ok && (once.value as AlertView).shelving?.kind).toBe('oneShot');
    const actions = reader.prepare("SELECT action, outcome FROM audit_log WHERE action IN ('alerts.shelve', 'alerts.unshelve') ORDER BY seq").all();
    expect(actions).toEqual([
      { action: 'alerts.shelve', outcome: 'ok' },
      { action: 'alerts.unshelve', outcome: 'ok' },
      { action: 'alerts.shelve', outcome: 'ok' },
    ]);
  });

  it('assign and dismiss are for planners only; dismiss needs a reason; both audited', async () => {
    const a = (await alertByKey(FAULT_KEY(1)))!;
    const byWrongRole = await h.core.dispatch('alerts.assign', { id: a.id, assignee: 'Jo Fitter' }, supervisor);
    expect(byWrongRole.ok ? 'ok' : byWrongRole.error.code).toBe('FORBIDDEN');
    const assigned = await h.core.dispatch('alerts.assign', { id: a.id, assignee: 'Jo Fitter' }, planner);
    expect(assigned.ok && (assigned.value as AlertView).assignedTo).toBe('Jo Fitter');
    const noReason = await h.core.dispatch('alerts.dismiss', { id: a.id, reason: '  ' }, planner);
    expect(noReason.ok ? 'ok' : noReason.error.code).toBe('BAD_REQUEST');
    const dismissed = await h.core.dispatch('alerts.dismiss', { id: a.id, reason: 'Known sensor fault, ticket open' }, planner);
    expect(dismissed.ok && (dismissed.value as AlertView)).toMatchObject({ dismissed: true, dismissReason: 'Known sensor fault, ticket open' });
    const again = await h.core.dispatch('alerts.dismiss', { id: a.id, reason: 'again, twice' }, planner);
    expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
    // The conflict in the reader's language; the English text as it always read.
    if (again.ok) throw new Error('dismissed twice');
    expect(again.error.message).toBe('This alert is already dismissed');
    expect(renderMessage(again.error.msg!, 'de')).toBe('Dieser Alarm ist bereits verworfen');
    expect(audit('alerts.assign').map((r) => r.outcome)).toEqual(['denied', 'ok']);
    expect(audit('alerts.dismiss').map((r) => r.outcome)).toEqual(['ok']);
  });

  it('the alert’s history names the people who acted (“acknowledged by Paul Novak”), never their user ids', async () => {
    const a = (await alertByKey(FAULT_KEY(1)))!;
    const r = await h.core.dispatch('alerts.get', { id: a.id }, viewer);
    if (!r.ok) throw new Error(r.error.message);
    const events = (r.value as { events: { kind: string; by: string | null; note: string; noteMsg?: Message }[] }).events;
    const who = (kind: string) => events.filter((e) => e.kind === kind).map((e) => e.by);
    // The controller's echo of the acknowledgement may be recorded first (by the controller: no person).
    expect(who('acknowledged').filter((x) => x !== null)).toEqual(who('acknowledged').some((x) => x !== null) ? ['Paul Novak'] : []);
    expect(who('shelved')).toEqual(['Anna Berg', 'Paul Novak']);
    expect(who('unshelved')).toContain('Paul Novak');
    expect(who('assigned')).toEqual(['Paul Novak']);
    expect(who('dismissed')).toEqual(['Paul Novak']);
    for (const e of events) expect(e.by ?? '').not.toMatch(/^demo-/);
    // The console's own notes in the reader's language; the person's reason stays as typed.
    const shelvedNote = events.find((e) => e.kind === 'shelved' && e.note.startsWith('30 min'))!;
    expect(shelvedNote.note).toBe('30 min: Fitter on site');
    expect(renderMessage(shelvedNote.noteMsg!, 'de')).toBe('30 min: Fitter on site');
    const byHand = events.find((e) => e.kind === 'unshelved' && e.note === 'by hand')!;
    expect(renderMessage(byHand.noteMsg!, 'de')).toBe('von Hand');
    const once = events.find((e) => e.note.startsWith('until it clears'))!;
    expect(renderMessage(once.noteMsg!, 'de')).toBe('bis zur Rückkehr in den Normalzustand: Until the fault clears');
  });

  it('raise a case: planners only, with a note; the alert links to the case', async () => {
    h.plant.injectFault(2, 600);
    const a = await waitAlert(FAULT_KEY(2), (x) => x.active);
    const bySupervisor = await h.core.dispatch('cases.raise', { alertId: a.id, note: 'Please check the capper' }, supervisor);
    expect(bySupervisor.ok ? 'ok' : bySupervisor.error.code).toBe('FORBIDDEN');
    const r = await h.core.dispatch('cases.raise', { alertId: a.id, note: 'Please check the capper' }, planner);
    expect(r.ok ? (r.value as { mode: string }).mode : r.error).toBe('created');
    const linked = await waitAlert(FAULT_KEY(2), (x) => x.caseId !== null);
    expect(linked.caseId).toBe((r as { value: { caseId: string } }).value.caseId);
    expect(reader.prepare("SELECT outcome FROM audit_log WHERE action = 'cases.raise' ORDER BY seq").all()).toEqual([{ outcome: 'denied' }, { outcome: 'ok' }]);
    // A case from a dismissed alert is refused in the reader's language (the English text as it was).
    const all = await h.core.dispatch('alerts.list', { includeClosed: true }, viewer);
    const dismissedAlert = all.ok ? (all.value as { alerts: AlertView[] }).alerts.find((x) => x.dismissed) : undefined;
    if (!dismissedAlert) throw new Error('the dismissed alert of the earlier test');
    const refused = await h.core.dispatch('cases.raise', { alertId: dismissedAlert.id, note: 'Please check' }, planner);
    if (refused.ok) throw new Error('a dismissed alert raises no case');
    expect(refused.error.message).toBe('This alert was dismissed');
    expect(renderMessage(refused.error.msg!, 'de')).toBe('Dieser Alarm wurde verworfen');
    const missingId = '00000000-0000-4000-8000-000000000000';
    const noCase = await h.core.dispatch('cases.get', { id: missingId }, viewer);
    expect(noCase.ok === false && renderMessage(noCase.error.msg!, 'de')).toBe(`Kein Fall ${missingId}`);
  });

  it('an alarm acknowledged at the controller’s own panel shows acknowledged in the console', async () => {
    h.plant.injectFault(3, 600);
    await waitAlert(FAULT_KEY(3), (x) => x.active && !x.acked);
    expect((h.plant.alarms as { acknowledgeAtPanel(n: string): boolean }).acknowledgeAtPanel('Line3.FaultAlarm')).toBe(true);
    const a = await waitAlert(FAULT_KEY(3), (x) => x.acked);
    expect(a.ackedBy).toBe('at the controller');
  });
});
