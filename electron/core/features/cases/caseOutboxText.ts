/**
 * The core's own words for a maintenance case item on the outbox (the `summary` beside the payload: logs,
 * exports, a screen that cannot read the payload). Without it the summary was the kind's code, and the Outbox
 * once read "Instandhaltungsfall: case.create" (issue 18). The screen says these in the reader's language from
 * the payload (renderer/screens/outbox/OutboxScreen.tsx itemSummary); this is the English the core keeps.
 */
export function describeCaseItem(kind: string, payload: unknown): string | null {
  if (kind !== 'case.create' && kind !== 'case.update') return null;
  const p = (payload ?? {}) as { lineName?: unknown; lineId?: unknown; title?: unknown; priority?: unknown; machineDown?: unknown; text?: unknown; assetKey?: unknown };
  const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
  if (kind === 'case.create') {
    const line = str(p.lineName) || str(p.lineId);
    const title = str(p.title);
    const priority = typeof p.priority === 'number' ? ` (P${p.priority}${p.machineDown === true ? ', machine down' : ''})` : '';
    if (!title) return line ? `Maintenance case for ${line}` : 'Maintenance case';
    return `${line && !title.startsWith(line) ? `${line}: ` : ''}${title}${priority}`;
  }
  const line = str(p.assetKey).split('/')[0] ?? '';
  const first = str(p.text).split('\n')[0]!.trim();
  if (!first) return line ? `Note for the case on ${line}` : 'Note for a maintenance case';
  return `Note${line ? ` for ${line}` : ''}: ${first.length > 120 ? `${first.slice(0, 119)}…` : first}`;
}
