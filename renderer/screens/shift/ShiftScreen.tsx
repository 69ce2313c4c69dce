import { useEffect } from 'react';
import { useStore } from 'zustand';
import { linesStore } from '../../stores/linesStore.ts';
import type { ShiftReport } from '../../../shared/contract/domains/production.ts';
import { OEE_DEFINITIONS } from '../../../shared/domain/oee.ts';
import { formatClock, formatCount, formatDuration } from '../../format/time.ts';
import { loadShiftSummary, useShiftSummary } from '../../stores/productionStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { LineHeldBadge } from '../holds/HeldBadge.tsx';
import { pct } from '../line/format.ts';

const REFRESH_MS = 10_000;

/** Every line for the current and the previous shift, with plant totals. */
export function ShiftScreen() {
  const summary = useShiftSummary();
  const timeZone = useTimeZone();
  useEffect(() => {
    void loadShiftSummary();
    const t = setInterval(() => void loadShiftSummary(), REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  // The current shift follows the live figures (the overview's), so both screens show the same numbers.
  const liveKey = useStore(linesStore, (st) => st.lineIds.map((id) => `${st.byId[id]?.production?.good ?? ''}/${st.byId[id]?.production?.reject ?? ''}`).join(','));
  useEffect(() => {
    const t = setTimeout(() => void loadShiftSummary(), 300);
    return () => clearTimeout(t);
  }, [liveKey]);
  if (!summary) return <p className="overview__empty">Loading shifts…</p>;
  return (
    <section className="shift-screen" aria-labelledby="shift-title">
      <h1 id="shift-title" className="visually-hidden">
        Shifts
      </h1>
      {summary.current ? <ShiftTable report={summary.current} title="Current shift" testId="shift-current" timeZone={timeZone} /> : <p className="muted">No shift now.</p>}
      {summary.previous ? <ShiftTable report={summary.previous} title="Previous shift" testId="shift-previous" timeZone={timeZone} /> : null}
    </section>
  );
}

function ShiftTable({ report, title, testId, timeZone }: { readonly report: ShiftReport; readonly title: string; readonly testId: string; readonly timeZone: string | undefined }) {
  const s = report.shift;
  const head = (label: string, def?: string) => (
    <th scope="col" title={def}>
      {label}
    </th>
  );
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <h2 className="panel__title">
        {title}: {s.name} {formatClock(s.start, timeZone).slice(0, 5)}–{formatClock(s.end, timeZone).slice(0, 5)}
        <span className="muted" data-testid={`${testId}-period`}>
          {' '}
          · figures {report.totals.period.label}
        </span>
        {report.running ? <span className="muted"> · running, as of {formatClock(report.asOf, timeZone)}</span> : null}
      </h2>
      <table className="shift-table">
        <thead>
          <tr>
            {head('Line')}
            {head('Good', `Good parts ${report.totals.period.label}`)}
            {head('Reject', `Rejected parts ${report.totals.period.label}`)}
            {head('OEE', OEE_DEFINITIONS.oee)}
            {head('Availability', OEE_DEFINITIONS.availability)}
            {head('Performance', OEE_DEFINITIONS.performance)}
            {head('Quality', OEE_DEFINITIONS.quality)}
            {head('Unplanned stops')}
            {head('Not coded')}
          </tr>
        </thead>
        <tbody>
          {report.lines.map((l) => (
            <tr key={l.lineId} data-testid={`${testId}-${l.lineId}`}>
              <th scope="row">
                <a href={`#/line/${l.lineId}`}>{l.name}</a>
                <LineHeldBadge lineId={l.lineId} small testId={`${testId}-held-${l.lineId}`} />
                {l.gap ? <span className="muted" title="Some counts were made while the link was down and are attributed to the gap"> (gap)</span> : null}
              </th>
              <td>{formatCount(l.good)}</td>
              <td>{formatCount(l.reject)}</td>
              <td className="shift-table__oee" title={l.warning ?? undefined} data-flagged={l.warning ? 'true' : 'false'}>
                {pct(l.oee)}
                {l.warning ? ' ⚠' : ''}
              </td>
              <td>{pct(l.availability)}</td>
              <td title={l.warning ?? undefined}>
                {pct(l.performance)}
                {l.warning ? ' ⚠' : ''}
              </td>
              <td>{pct(l.quality)}</td>
              <td>{formatDuration(l.unplannedDowntimeMs)}</td>
              <td className={l.uncodedCount > 0 ? 'is-uncoded' : ''}>{l.uncodedCount}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid={`${testId}-totals`}>
            <th scope="row">All lines</th>
            <td>{formatCount(report.totals.good)}</td>
            <td>{formatCount(report.totals.reject)}</td>
            <td className="shift-table__oee">{pct(report.totals.oee)}</td>
            <td>{pct(report.totals.availability)}</td>
            <td>{pct(report.totals.performance)}</td>
            <td>{pct(report.totals.quality)}</td>
            <td>{formatDuration(report.totals.unplannedDowntimeMs)}</td>
            <td className={report.totals.uncodedCount > 0 ? 'is-uncoded' : ''}>{report.totals.uncodedCount}</td>
          </tr>
        </tfoot>
      </table>
      {report.lines
        .filter((l) => l.warning || l.heldParts > 0)
        .map((l) => (
          <p key={l.lineId} role="note" data-testid={`${testId}-note-${l.lineId}`} style={{ margin: '8px 0 0', paddingLeft: 8, borderLeft: '8px solid var(--warning)', fontWeight: 700 }}>
            {l.name}: {l.warning ? `not a valid OEE: ${l.warning}` : ''}
            {l.warning && l.heldParts > 0 ? '; ' : ''}
            {l.heldParts > 0 ? `${formatCount(l.heldParts)} parts of an implausible counter jump are held out of these figures until a supervisor decides (line view)` : ''}
          </p>
        ))}
    </section>
  );
}
