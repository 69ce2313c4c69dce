import type { AuditRecord } from './auditTrail.ts';

const COLUMNS = ['seq', 'at_utc', 'at_ms', 'user_id', 'display_name', 'roles', 'action', 'target', 'outcome', 'details', 'prev_hash', 'hash'] as const;

/**
 * One CSV cell. Quotes per RFC 4180; a text starting with = + - @ or a control character gets a
 * leading apostrophe so a spreadsheet shows it instead of running it as a formula. The JSON export
 * carries the exact values for re-checking hashes.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditToCsv(records: readonly AuditRecord[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of records) {
    lines.push(
      [r.seq, new Date(r.at).toISOString(), r.at, r.userId, r.displayName, r.roles.join(' '), r.action, r.target, r.outcome, r.details, r.prevHash, r.hash].map(csvCell).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
