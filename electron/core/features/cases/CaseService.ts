import { englishOf } from '../../../../shared/contract/refusal.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { randomUUID } from 'node:crypto';
import type { CaseView } from '../../../../shared/contract/domains/cases.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
import type { AlertPriority } from '../../../../shared/domain/alert.ts';
import { type CaseEvidence, evidenceText } from '../../../../shared/domain/maintenanceCase.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { alertsByIds, type AlertRecord, getAlert } from '../alerts/index.ts';
import type { AlertService } from '../alerts/index.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import { assetKeyOf, CASE_CREATE, CASE_UPDATE, type CaseCreatePayload, type CaseUpdatePayload, type CmmsConnector } from '../../platform/cmms/cmmsTypes.ts';
import { caseSeries } from './caseReference.ts';
import type { CaseSeriesFields } from './cmmsOnce.ts';
import type { Clock, Disposable, Logger } from '../../platform/ports/ports.ts';
import { DisposableStore } from '../../platform/ports/disposableStore.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import * as repo from './caseRepo.ts';
import { collectEvidence } from './collectEvidence.ts';

export interface CaseServiceDeps {
  db: WritableDb;
  plant: PlantConfig;
  clock: Clock;
  logger: Logger;
  alerts: AlertService;
  /** Null when the plant has no CMMS: cases are kept and queued, and wait for one to be configured. */
  cmms: CmmsConnector | null;
  /** Wakes the outbox worker of target "cmms" after an enqueue. */
  kick: () => void;
  publish?: (msg: { at: number; cases: CaseView[] }) => void;
  /** This console's name, carried with each case it creates (cmmsOnce.ts). */
  consoleName?: string;
  /** How often open cases' status is read back (default from the plant's cmms.pollSec). */
  pollMs?: number;
}

/** A refusal: the English text (as it always read) and the catalogue message for the reader's language. */
const refused = (code: 'NOT_FOUND' | 'CONFLICT', m: Message): { ok: false; code: 'NOT_FOUND' | 'CONFLICT'; message: string; msg: Message } => ({ ok: false, code, message: englishOf(m), msg: m });

export type RaiseResult = { ok: true; value: { caseId: string; mode: 'created' | 'added'; outboxId: string } } | { ok: false; code: 'NOT_FOUND' | 'CONFLICT'; message: string; msg: Message };

const SYSTEM_ACTOR: Actor = { userId: 'system', displayName: 'Plant console', roles: [] };

/**
 * Maintenance cases: raised by planners from alerts with an evidence bundle, written with their
 * outbox item in one transaction, so they reach the CMMS through the same durable path as ERP
 * confirmations. One open case per asset: a repeated stop adds a note to it instead of a second case.
 * Open cases' status is polled back and shown on the line tile and in the alert.
 */
export class CaseService {
  private readonly d: CaseServiceDeps;
  private timers = new DisposableStore();
  private publishTimer: Disposable | null = null;
  private polling = false;

  constructor(deps: CaseServiceDeps) {
    this.d = deps;
  }

  start(): void {
    this.timers.add(this.d.clock.setInterval(2_000, () => this.syncKeys()));
    this.timers.add(this.d.clock.setInterval(this.d.pollMs ?? (this.d.plant.cmms?.pollSec ?? 300) * 1000, () => void this.pollStatus()));
    this.syncKeys();
  }

  dispose(): void {
    this.timers.clear();
    this.publishTimer?.dispose();
    this.publishTimer = null;
  }

  assetKeyOf(lineId: string): { assetId: string | null; assetKey: string } {
    const assetId = this.d.plant.cmms?.assets[lineId]?.assetId ?? null;
    return { assetId, assetKey: assetKeyOf(lineId, assetId) };
  }

  private fmt = (ms: number): string => new Intl.DateTimeFormat('en-GB', { timeZone: this.d.plant.plant.timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(ms);

  /** A planner raises a case from an alert: a new case, or a note on the asset's open case. */
  raise(args: { alertId: number; note: string; priority?: AlertPriority }, actor: Actor): RaiseResult {
    const { db, clock } = this.d;
    const at = clock.now();
    const out = db.transaction((): RaiseResult => {
      const alert = getAlert(db, args.alertId);
      if (!alert) return refused('NOT_FOUND', msg('alerts.noAlert', { id: args.alertId }));
      if (!alert.lineId) return refused('CONFLICT', msg('cases.controllerAlert'));
      if (alert.dismissed) return refused('CONFLICT', msg('cases.alertDismissed'));
      if (alert.caseId) {
        const existing = repo.getCase(db, alert.caseId);
        if (existing && existing.status !== 'closed') return refused('CONFLICT', msg('cases.alreadyOnCase', { case: existing.externalNumber ?? existing.id }));
      }
      const { assetId, assetKey } = this.assetKeyOf(alert.lineId);
      const open = repo.openCaseForAsset(db, assetKey);
      const note = { by: actor.displayName, at, text: args.note };
      const r = open ? this.addToCase(open, [alert], note, actor) : this.createCase(alert, assetId, assetKey, note, args.priority ?? alert.priority, actor);
      recordAudit(db, { at, actor, action: 'cases.raise', target: `case:${r.caseId}`, details: { alertId: alert.id, mode: r.mode, outboxId: r.outboxId, lineId: alert.lineId }, outcome: 'ok' });
      return { ok: true, value: r };
    })();
    if (out.ok) this.afterWrite([args.alertId]);
    return out;
  }

  /** A downtime alert raised again on an asset with an open case: the stop is added to that case (no second case). */
  onAlertRaised(alert: AlertRecord): void {
    if (alert.source !== 'downtime' || !alert.lineId || alert.suppressed) return;
    const { assetKey } = this.assetKeyOf(alert.lineId);
    const { db, clock } = this.d;
    const open = repo.openCaseForAsset(db, assetKey);
    if (!open) return;
    const at = clock.now();
    db.transaction(() => {
      const note = { by: SYSTEM_ACTOR.displayName, at, text: `Repeated stop on ${alert.lineId}: ${alert.title}` };
      // What the note says, for the outbox screen in the reader's language (the CMMS gets the English text).
      const r = this.addToCase(open, [alert], note, SYSTEM_ACTOR, { repeatedStop: { lineId: alert.lineId!, title: alert.title, ...(alert.titleMsg ? { titleMsg: alert.titleMsg } : {}) } });
      recordAudit(db, { at, actor: SYSTEM_ACTOR, action: 'cases.addRepeatedStop', target: `case:${open.id}`, details: { alertId: alert.id, outboxId: r.outboxId }, outcome: 'ok' });
    })();
    this.afterWrite([alert.id]);
  }

  private createCase(alert: AlertRecord, assetId: string | null, assetKey: string, note: { by: string; at: number; text: string }, priority: AlertPriority, actor: Actor) {
    const { db, plant } = this.d;
    // The asset's series (caseReference.ts): another console raising a case on the same asset meets this
    // one in the CMMS (cmmsOnce.ts). The case's own id is the series while it is free here; a later case
    // on the asset here (after this one closed) gets a fresh id in the same series.
    const seriesId = caseSeries(plant.plant.id, assetKey);
    const id = repo.getCase(db, seriesId) ? randomUUID() : seriesId;
    const evidence = collectEvidence(db, plant, { alerts: [alert], lineId: alert.lineId!, note, now: note.at });
    const machineDown = alert.source === 'downtime' && alert.active;
    const malfunctionStart = evidence.downtime?.startAt ?? alert.firstRaisedAt;
    repo.insertCase(db, { id, lineId: alert.lineId!, assetId, assetKey, title: alert.title.slice(0, 160), priority, machineDown, malfunctionStart, system: this.d.cmms?.system ?? null, evidence, createdBy: actor.userId, at: note.at });
    repo.linkAlert(db, id, alert.id, note.at);
    this.d.alerts.linkCase(alert.id, id, note.at, actor.userId);
    const payload: CaseCreatePayload = {
      caseId: id,
      plantId: plant.plant.id,
      lineId: alert.lineId!,
      lineName: evidence.line.name,
      assetId,
      locationId: evidence.asset.locationId,
      title: alert.title.slice(0, 160),
      description: `Reported from the plant console by ${actor.displayName}.\n\n${evidenceText(evidence, this.fmt)}`.slice(0, 30_000),
      priority,
      machineDown,
      malfunctionStart: new Date(malfunctionStart).toISOString(),
      reportedBy: actor.displayName,
      createdAt: new Date(note.at).toISOString(),
    };
    const once: CaseSeriesFields = { series: seriesId, raisedOn: (this.d.consoleName ?? '').slice(0, 80) };
    // The alert's title as a catalogue message beside the English title the CMMS gets: the outbox screen
    // says it in the reader's language (not sent: the adapters read the payload through CaseCreatePayload).
    const shown = alert.titleMsg ? { titleMsg: alert.titleMsg } : {};
    CASE_CREATE.enqueue(db, { id, payload: { ...payload, ...once, ...shown }, at: note.at });
    return { caseId: id, mode: 'created' as const, outboxId: id };
  }

  private addToCase(open: CaseView, alerts: readonly AlertRecord[], note: { by: string; at: number; text: string }, actor: Actor, shown: { repeatedStop?: { lineId: string; title: string; titleMsg?: Message } } = {}) {
    const { db, plant } = this.d;
    const updateId = randomUUID();
    const evidence: CaseEvidence = collectEvidence(db, plant, { alerts, lineId: open.lineId, note, now: note.at });
    for (const a of alerts) {
      repo.linkAlert(db, open.id, a.id, note.at);
      this.d.alerts.linkCase(a.id, open.id, note.at, actor.userId);
    }
    const text = `${note.text}\n\n${evidenceText(evidence, this.fmt)}`.slice(0, 30_000);
    repo.addNote(db, { outboxId: updateId, caseId: open.id, at: note.at, by: note.by, text: note.text });
    const payload: CaseUpdatePayload = { caseId: open.id, updateId, text, assetKey: this.assetKeyOf(open.lineId).assetKey };
    CASE_UPDATE.enqueue(db, { id: updateId, payload: { ...payload, ...shown }, at: note.at });
    return { caseId: open.id, mode: 'added' as const, outboxId: updateId };
  }

  private afterWrite(alertIds: readonly number[]): void {
    this.d.kick();
    this.d.alerts.touch(alertIds);
    this.changed();
  }

  /** Copies the CMMS's keys from the outbox once a create is done (the worker stores them there). */
  syncKeys(): void {
    const { db, clock } = this.d;
    const rows = repo.casesAwaitingKeys(db);
    if (rows.length === 0) return;
    const at = clock.now();
    const touched: number[] = [];
    db.transaction(() => {
      for (const r of rows) {
        const keys = JSON.parse(r.remoteKeys) as Record<string, string>;
        const externalId = keys.sys_id ?? keys.id;
        if (!externalId) continue;
        repo.setExternal(db, r.id, { externalId, externalNumber: keys.number || (keys.id ? `WO-${keys.id}` : null), at });
        touched.push(...repo.alertIdsOfCase(db, r.id));
      }
    })();
    this.d.alerts.touch(touched);
    this.changed();
  }

  /** Reads every open case's status from the CMMS; returns how many were checked. */
  async pollStatus(): Promise<number> {
    const cmms = this.d.cmms;
    if (!cmms || this.polling) return 0;
    this.polling = true;
    try {
      this.syncKeys();
      const open = repo.openCasesWithExternal(this.d.db);
      if (open.length === 0) return 0;
      const r = await cmms.readStatus(open.map((c) => ({ caseId: c.id, remoteKeys: c.remoteKeys ? (JSON.parse(c.remoteKeys) as Record<string, string>) : {} })));
      if (!r.ok) {
        this.d.logger.warn('Reading case status from the CMMS failed; trying again at the next poll', { error: r.error.message });
        return 0;
      }
      const at = this.d.clock.now();
      const touched: number[] = [];
      this.d.db.transaction(() => {
        for (const [caseId, s] of r.value) {
          const moved = repo.setStatus(this.d.db, caseId, { status: s.status, remote: s.remote, at });
          const handedOver = s.technician !== undefined && repo.setTechnician(this.d.db, caseId, s.technician, at);
          if (moved || handedOver) touched.push(...repo.alertIdsOfCase(this.d.db, caseId));
        }
      })();
      if (touched.length > 0) {
        this.d.alerts.touch(touched);
        this.changed();
      }
      return r.value.size;
    } finally {
      this.polling = false;
    }
  }

  list(includeClosed: boolean): CaseView[] {
    return repo.listCases(this.d.db, { includeClosed, now: this.d.clock.now() });
  }

  get(id: string) {
    const c = repo.getCase(this.d.db, id);
    const evidence = repo.evidenceOf(this.d.db, id);
    if (!c || !evidence) return null;
    return { case: c, evidence, notes: repo.notesOf(this.d.db, id), statusHistory: repo.statusHistoryOf(this.d.db, id), cmmsUrl: this.recordUrl(c.system, c.externalId), technician: repo.technicianOf(this.d.db, id) };
  }

  /**
   * Where a person opens the case in the CMMS. ServiceNow: the record form `<instance>/<table>.do?sys_id=<sys_id>`
   * (ServiceNow's documented "navigate to a record by URL" form). MaintainX: the web app's work order,
   * `https://app.getmaintainx.com/workorders/<id>` (the global id the API gives): NOT VERIFIED against
   * MaintainX's own documentation (its published API does not name web addresses); the form is the one
   * MaintainX's own assignment messages and several integrations link to (docs/cmms.md). Offered only when
   * the API is MaintainX's own (api.getmaintainx.com); a sandbox or relay gets no link.
   */
  private recordUrl(system: string | null, externalId: string | null): string | null {
    const cmms = this.d.plant.cmms;
    if (!cmms || !externalId) return null;
    if (system === 'servicenow' && cmms.kind === 'servicenow') return `${cmms.baseUrl.replace(/\/$/, '')}/${cmms.table}.do?sys_id=${encodeURIComponent(externalId)}`;
    if (system === 'maintainx' && cmms.kind === 'maintainx' && new URL(cmms.baseUrl).hostname === 'api.getmaintainx.com' && /^\d+$/.test(externalId)) return `https://app.getmaintainx.com/workorders/${externalId}`;
    return null;
  }

  alertsOf(caseId: string): AlertRecord[] {
    return alertsByIds(this.d.db, repo.alertIdsOfCase(this.d.db, caseId));
  }

  private changed(): void {
    if (!this.d.publish || this.publishTimer) return;
    this.publishTimer = this.d.clock.setTimer(200, () => {
      this.publishTimer = null;
      try {
        this.d.publish?.({ at: this.d.clock.now(), cases: this.list(false) });
      } catch (e) {
        this.d.logger.error('Publishing cases failed', { error: e as Error });
      }
    });
  }
}
