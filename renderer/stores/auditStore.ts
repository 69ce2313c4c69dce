import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AuditFilter, AuditRecordView, AuditVerifyResult } from '../../shared/contract/domains/audit.ts';
import type { WireError } from '../../shared/contract/envelope.ts';
import { activeClient } from '../bridge/activeClient.ts';

export interface AuditState {
  readonly filter: AuditFilter;
  readonly records: readonly AuditRecordView[];
  readonly hasMore: boolean;
  readonly loading: boolean;
  /** The core's refusal: the screen shows its catalogue message (ErrorNote), details for the administrator. */
  readonly error: Pick<WireError, 'message' | 'msg' | 'technical'> | null;
  readonly verify: AuditVerifyResult | null;
  /** The names of the people the records' details name by user id (a session switch's `switchedFrom`). */
  readonly people: Readonly<Record<string, string>>;
}

export const auditStore = createStore<AuditState>()(() => ({ filter: {}, records: [], hasMore: false, loading: false, error: null, verify: null, people: {} }));
export const useAudit = () => useStore(auditStore, (s) => s);

export const setAuditFilter = (filter: AuditFilter): void => auditStore.setState({ filter });

/** First page (newest first), or the next older page when `more`. */
export async function loadAudit(more = false): Promise<void> {
  const s = auditStore.getState();
  auditStore.setState({ loading: true, error: null });
  const beforeSeq = more ? s.records.at(-1)?.seq : undefined;
  const r = await activeClient().invoke('audit.query', { ...s.filter, ...(beforeSeq ? { beforeSeq } : {}), limit: 200 });
  if (!r.ok) return auditStore.setState({ loading: false, error: r.error });
  auditStore.setState({ loading: false, records: more ? [...s.records, ...r.value.records] : r.value.records, hasMore: r.value.hasMore, people: { ...(more ? s.people : {}), ...(r.value.people ?? {}) } });
}

export async function verifyAuditTrail(): Promise<void> {
  const r = await activeClient().invoke('audit.verify', {});
  auditStore.setState(r.ok ? { verify: r.value, error: null } : { error: r.error });
}

/** Asks the core for the export and hands it to the browser as a download. */
export async function exportAudit(format: 'csv' | 'json', doc: Document = document): Promise<void> {
  const r = await activeClient().invoke('audit.export', { format, filter: auditStore.getState().filter });
  if (!r.ok) return auditStore.setState({ error: r.error });
  const url = URL.createObjectURL(new Blob([r.value.content], { type: r.value.mimeType }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = r.value.fileName;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
