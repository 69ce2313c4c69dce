import { AlertsSummary } from '../../../shared/contract/domains/alerts.ts';
import { OutboxStats } from '../../../shared/contract/domains/outbox.ts';

/**
 * When a verified update may be installed (T30). Installing restarts the app: the core stops, the
 * screens go blank for a while. Mid-post that risks nothing durable (the outbox recovers `sending` items
 * by read-back), but it does cost a shift a working screen and turns in-flight posts into read-backs,
 * and with unacknowledged alarms it hides alarms from the people who must act on them. So an install
 * waits until the outbox is idle and no alarm is waiting, and a supervisor says yes.
 */
export interface InstallConditions {
  /** Items queued, sending or needing a read-back; null when not known (e.g. the core just restarted). */
  outboxBusy: boolean | null;
  /** Unacknowledged alarms; null when not known. */
  unackedAlarms: number | null;
  supervisorConfirmed: boolean;
}

export type InstallDecision = { allowed: true } | { allowed: false; reasons: string[] };

export function mayInstallUpdate(c: InstallConditions): InstallDecision {
  const reasons: string[] = [];
  if (c.outboxBusy === null) reasons.push('the outbox state is not known yet');
  else if (c.outboxBusy) reasons.push('records are still on their way to the ERP or the maintenance system');
  if (c.unackedAlarms === null) reasons.push('the alarm state is not known yet');
  else if (c.unackedAlarms > 0) reasons.push(`${c.unackedAlarms} alarm${c.unackedAlarms === 1 ? ' is' : 's are'} not acknowledged`);
  if (!c.supervisorConfirmed) reasons.push('a shift supervisor has not confirmed the restart');
  return reasons.length === 0 ? { allowed: true } : { allowed: false, reasons };
}

/**
 * Busy while any target has items queued, sending or needing a read-back. Rejected and parked items wait
 * for a person and survive the restart, so they do not hold an install back.
 */
export function outboxBusyFrom(stats: OutboxStats): boolean {
  return stats.targets.some((t) => t.queued + t.sending + t.needsCheck > 0);
}

/**
 * What the shell knows of the core's state, from the `outbox.stats` and `alerts.changed` streams (and
 * the answers to `outbox.stats` / `alerts.list` at each core start). Forgets everything when the core
 * restarts: until fresh figures arrive the gate stays shut, so a restart cannot open it.
 */
export interface InstallGateState {
  onStream(stream: string, payload: unknown): void;
  /** A fresh answer to `outbox.stats` or `alerts.list` (a wire envelope). */
  onAnswer(key: 'outbox.stats' | 'alerts.list', envelope: unknown): void;
  onCoreRestart(): void;
  decide(supervisorConfirmed: boolean): InstallDecision;
}

export function installGateState(): InstallGateState {
  let outboxBusy: boolean | null = null;
  let unackedAlarms: number | null = null;
  const takeOutbox = (v: unknown): void => {
    const p = OutboxStats.safeParse(v);
    if (p.success) outboxBusy = outboxBusyFrom(p.data);
  };
  const takeAlerts = (v: unknown): void => {
    const summary = typeof v === 'object' && v !== null ? (v as { summary?: unknown }).summary : undefined;
    const p = AlertsSummary.safeParse(summary);
    if (p.success) unackedAlarms = p.data.unackedCount;
  };
  return {
    onStream(stream, payload) {
      if (stream === 'outbox.stats') takeOutbox(payload);
      else if (stream === 'alerts.changed') takeAlerts(payload);
    },
    onAnswer(key, envelope) {
      if (typeof envelope !== 'object' || envelope === null || (envelope as { ok?: unknown }).ok !== true) return;
      const value = (envelope as { value?: unknown }).value;
      if (key === 'outbox.stats') takeOutbox(value);
      else takeAlerts(value);
    },
    onCoreRestart() {
      outboxBusy = null;
      unackedAlarms = null;
    },
    decide: (supervisorConfirmed) => mayInstallUpdate({ outboxBusy, unackedAlarms, supervisorConfirmed }),
  };
}
