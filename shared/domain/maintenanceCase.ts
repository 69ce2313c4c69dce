import { z } from 'zod';
import { AlertPriority } from './alert.ts';

/**
 * A maintenance case as the console keeps it (contracts §5 MaintenanceCase) and the evidence it
 * carries to the CMMS. The case id is a UUID that doubles as our reference in the CMMS
 * (ServiceNow correlation_id, MaintainX externalData.caseId).
 */

/** What planners see; each CMMS's own states map onto these. Persisted. */
export const CaseStatus = z.enum(['new', 'assigned', 'in_progress', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = { new: 'New', assigned: 'Assigned', in_progress: 'In progress', closed: 'Closed' };

export const EvidenceAlert = z.object({
  id: z.number().int(),
  title: z.string(),
  priority: AlertPriority,
  events: z.array(z.object({ at: z.number(), kind: z.string(), note: z.string() })),
});

export const EvidenceDowntime = z.object({
  eventId: z.number().int(),
  state: z.string(),
  startAt: z.number(),
  endAt: z.number().nullable(),
  durationMs: z.number().nonnegative(),
  reasonCode: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  notes: z.array(z.object({ at: z.number(), by: z.string(), text: z.string() })),
});

/** The last minutes of the line's signals: per-minute counts and the state changes. */
export const EvidenceSignals = z.object({
  from: z.number(),
  to: z.number(),
  minutes: z.array(z.object({ at: z.number(), good: z.number(), reject: z.number(), runMs: z.number() })),
  states: z.array(z.object({ state: z.string(), startAt: z.number(), endAt: z.number().nullable() })),
});

export const CaseEvidence = z.object({
  line: z.object({ id: z.string(), name: z.string() }),
  asset: z.object({ assetId: z.string().nullable(), locationId: z.string().nullable() }),
  shift: z.object({ id: z.string(), name: z.string(), start: z.number(), end: z.number() }).nullable(),
  alerts: z.array(EvidenceAlert),
  downtime: EvidenceDowntime.nullable(),
  signals: EvidenceSignals,
  note: z.object({ by: z.string(), at: z.number(), text: z.string() }),
  collectedAt: z.number(),
});
export type CaseEvidence = z.infer<typeof CaseEvidence>;

/** Plain text for the CMMS description field: readable by a technician without the console. */
export function evidenceText(e: CaseEvidence, fmt: (ms: number) => string): string {
  const lines: string[] = [];
  lines.push(`Line: ${e.line.name} (${e.line.id})${e.asset.assetId ? `, asset ${e.asset.assetId}` : ''}`);
  if (e.shift) lines.push(`Shift: ${e.shift.name} (${fmt(e.shift.start)} – ${fmt(e.shift.end)})`);
  lines.push(`Planner's note (${e.note.by}, ${fmt(e.note.at)}): ${e.note.text}`);
  if (e.downtime) {
    const d = e.downtime;
    lines.push(`Downtime #${d.eventId}: ${d.state} since ${fmt(d.startAt)}${d.endAt ? ` until ${fmt(d.endAt)}` : ' (still down)'}, ${Math.round(d.durationMs / 60_000)} min; reason: ${d.reasonLabel ?? 'not coded yet'}`);
    for (const n of d.notes) lines.push(`  note ${fmt(n.at)} ${n.by}: ${n.text}`);
  }
  lines.push('Alerts:');
  for (const a of e.alerts) {
    lines.push(`  [P${a.priority}] ${a.title}`);
    for (const ev of a.events) lines.push(`    ${fmt(ev.at)} ${ev.kind}${ev.note ? `: ${ev.note}` : ''}`);
  }
  lines.push(`Signals ${fmt(e.signals.from)} – ${fmt(e.signals.to)}:`);
  for (const s of e.signals.states) lines.push(`  ${fmt(s.startAt)} ${s.state}${s.endAt ? ` until ${fmt(s.endAt)}` : ''}`);
  for (const m of e.signals.minutes) lines.push(`  ${fmt(m.at)} good ${m.good}, reject ${m.reject}, running ${Math.round(m.runMs / 1000)} s`);
  return lines.join('\n');
}
