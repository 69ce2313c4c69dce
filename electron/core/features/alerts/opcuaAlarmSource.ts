import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { explainOpcua } from '../../platform/net/explainFailure.ts';
import type { AlertPriority } from '../../../../shared/domain/alert.ts';
import type { LineConfig } from '../../../../shared/domain/plantConfig.ts';
import type { Logger } from '../../platform/ports/ports.ts';
import { createOpcuaAlarms, type AlarmEvent, type AlarmsHost, type OpcuaAlarms, type OpcuaAlarmsOptions } from '../../platform/opcua/alarms.ts';
import type { AlertRecord } from './alertRepo.ts';
import type { AlertService, Condition } from './AlertService.ts';

/**
 * The `opcua` alert source: conditions a controller offers through Alarms & Conditions. The server owns
 * their state; the console mirrors it (AlertService.syncExternal) and forwards a person's acknowledgement
 * to the server's Acknowledge (and Confirm, for a condition already back to normal).
 */

export const alarmKeyPrefix = (controllerId: string): string => `opcua:${controllerId}:`;
export const alarmKey = (controllerId: string, conditionRef: string): string => `${alarmKeyPrefix(controllerId)}${conditionRef}`;

/** OPC UA severity (1 … 1000) on the console's four priorities. */
export function severityToPriority(severity: number): AlertPriority {
  if (severity >= 800) return 1;
  if (severity >= 600) return 2;
  if (severity >= 400) return 3;
  return 4;
}

/**
 * The line a condition belongs to: the line on this controller whose tags live under the condition's
 * SourceNode (`…;s=Line2` owns `…;s=Line2.GoodCount`). Null: a controller-wide condition.
 */
export function lineOfSource(lines: readonly LineConfig[], controllerId: string, sourceRef: string | null): LineConfig | null {
  if (!sourceRef) return null;
  for (const l of lines) {
    if (l.controllerId !== controllerId) continue;
    if (Object.values(l.tags).some((t) => typeof t === 'string' && (t.startsWith(`${sourceRef}.`) || t.startsWith(`${sourceRef}/`)))) return l;
  }
  return null;
}

export function conditionOfAlarm(e: AlarmEvent, lines: readonly LineConfig[], assetOf: (lineId: string) => string | null): Condition {
  const line = lineOfSource(lines, e.controllerId, e.sourceRef);
  const where = line ? line.name : e.sourceName || e.controllerId;
  return {
    key: alarmKey(e.controllerId, e.conditionRef),
    source: 'opcua',
    lineId: line?.id ?? null,
    assetId: line ? assetOf(line.id) : null,
    priority: severityToPriority(e.severity),
    title: `${where}: ${e.conditionName}`.slice(0, 200),
    detail: `${e.message || e.conditionName} (controller ${e.controllerId}, severity ${e.severity})`,
    suppressed: false,
    externalId: e.conditionRef,
  };
}

export interface OpcuaAlarmSourceDeps {
  alerts: AlertService;
  lines: readonly LineConfig[];
  assetOf: (lineId: string) => string | null;
  logger: Logger;
  /** Tests replace the client factory; the product uses the real one. */
  createAlarms?: (host: AlarmsHost, o: OpcuaAlarmsOptions) => OpcuaAlarms;
  /** The module's listener guard (CoreContext.guard): a failing event shows the module degraded, not a crash. */
  guard?: <A extends unknown[]>(what: string, fn: (...args: A) => unknown) => (...args: A) => void;
}

export interface ForwardResult {
  done: number[];
  /** `explained`: what happened with the controller and what to do, as a core message; `technical`: what the library said. */
  failed: { id: number; message: string; explained?: Message; technical?: string }[];
}

export class OpcuaAlarmSource {
  private readonly d: OpcuaAlarmSourceDeps;
  private readonly clients = new Map<string, OpcuaAlarms>();

  constructor(deps: OpcuaAlarmSourceDeps) {
    this.d = deps;
  }

  /** Starts mirroring one controller's conditions (subscribe now or once connected; refresh after every reconnect). */
  attach(host: AlarmsHost): OpcuaAlarms {
    const make = this.d.createAlarms ?? createOpcuaAlarms;
    const client = make(host, {
      logger: this.d.logger.child({ component: 'opcua-alarms', controllerId: host.controllerId }),
      onEvent: this.guarded('taking an alarm from the controller', (e: AlarmEvent) => this.onEvent(e)),
      onRefreshed: this.guarded('refreshing alarms from the controller', (id: string, retained: readonly AlarmEvent[]) => this.onRefreshed(id, retained)),
    });
    this.clients.set(host.controllerId, client);
    return client;
  }

  private guarded<A extends unknown[]>(what: string, fn: (...args: A) => void): (...args: A) => void {
    return this.d.guard ? this.d.guard(what, fn) : fn;
  }

  client(controllerId: string): OpcuaAlarms | undefined {
    return this.clients.get(controllerId);
  }

  onEvent(e: AlarmEvent): void {
    this.d.alerts.syncExternal(conditionOfAlarm(e, this.d.lines, this.d.assetOf), { active: e.active, acked: e.acked }, e.refresh ? 'condition refresh' : '');
  }

  /** The refresh answer is the whole truth: what the console shows open and the server no longer keeps is closed. */
  onRefreshed(controllerId: string, retained: readonly AlarmEvent[]): void {
    const keys = new Set(retained.map((e) => alarmKey(controllerId, e.conditionRef)));
    const closed = this.d.alerts.reconcileExternal(alarmKeyPrefix(controllerId), keys, 'condition refresh');
    this.d.logger.info('Alarm condition refresh done', { controllerId, retained: retained.length, closedHere: closed.length });
  }

  /**
   * Acknowledges `opcua` alerts on their controllers (Confirm too when the condition is already back to
   * normal and waits for confirmation). Only what the server accepted may be acknowledged here.
   */
  async acknowledge(records: readonly AlertRecord[], comment: string): Promise<ForwardResult> {
    const out: ForwardResult = { done: [], failed: [] };
    await Promise.all(
      records.map(async (a) => {
        const controllerId = a.key.slice('opcua:'.length, a.key.indexOf(':', 'opcua:'.length));
        const client = this.clients.get(controllerId);
        const ref = a.externalId;
        if (!client || !ref) {
          out.failed.push({ id: a.id, message: `Controller ${controllerId} is not connected to the alarm service.`, explained: msg('opcua.notConnected') });
          return;
        }
        const r = await client.acknowledge(ref, comment);
        if (!r.ok) {
          const e = explainOpcua(r.error);
          out.failed.push({ id: a.id, message: r.error.message, explained: e.msg, technical: e.technical });
          return;
        }
        const cond = client.conditions().get(ref);
        if (cond && !cond.active && cond.confirmed === false) {
          const c = await client.confirm(ref, comment);
          if (!c.ok) this.d.logger.warn('Confirming a condition failed', { conditionRef: ref, message: c.error.message });
        }
        out.done.push(a.id);
      }),
    );
    return out;
  }

  dispose(): void {
    for (const c of this.clients.values()) c.dispose();
    this.clients.clear();
  }
}
