import { useEffect } from 'react';
import { useStore } from 'zustand';
import { linesStore } from '../../stores/linesStore.ts';
import type { ShiftReport } from '../../../shared/contract/domains/production.ts';
import { type Format, useFormat, useT } from '../../i18n/index.tsx';
import { periodText, shiftName } from '../overview/lineTileModel.ts';
import { loadShiftSummary, useShiftSummary } from '../../stores/productionStore.ts';
import { LineHeldBadge } from '../holds/HeldBadge.tsx';
import { pct } from '../line/format.ts';
import { oeeWarningWords } from '../../format/oeeWarning.ts';

const REFRESH_MS = 10_000;

/** Every line for the current and the previous shift, with plant totals. */
export function ShiftScreen() {
  const summary = useShiftSummary();
  const t = useT('shift');
  useEffect(() => {
    void loadShiftSummary();
    const t = setInterval(() => void loadShiftSummary(), REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  // The current shift follows the live figures (the overview's), so both screens show the same numbers.
  const liveKey = useStore(linesStore, (st) => st.lineIds.map((id) => `${st.byId[id]?.production?.good ?? ''}/${st.byId[id]?.production?.reject ?? ''}`).join(','));
  useEffect(() => {
    const timer = setTimeout(() => void loadShiftSummary(), 300);
    return () => clearTimeout(timer);
  }, [liveKey]);
  if (!summary) return <p className="overview__empty">{t('loading')}</p>;
  return (
    <section className="shift-screen" aria-labelledby="shift-title">
      <h1 id="shift-title" className="visually-hidden">
        {t('title')}
      </h1>
      {summary.current ? <ShiftTable report={summary.current} title={t('current')} testId="shift-current" /> : <p className="muted">{t('noShift')}</p>}
      {summary.previous ? <ShiftTable report={summary.previous} title={t('previous')} testId="shift-previous" /> : null}
    </section>
  );
}

function ShiftTable({ report, title, testId }: { readonly report: ShiftReport; readonly title: string; readonly testId: string }) {
  const s = report.shift;
  const t = useT('shift');
  const f: Format = useFormat();
  const period = periodText(report.totals.period);
  const head = (label: string, def?: string) => (
    <th scope="col" title={def}>
      {label}
    </th>
  );
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <h2 className="panel__title">
        {t('head', { title, name: shiftName(s.name), from: f.time(s.start), to: f.time(s.end) })}
        <span className="muted" data-testid={`${testId}-period`}>
          {t('figures', { period })}
        </span>
        {report.running ? <span className="muted">{t('running', { time: f.clock(report.asOf) })}</span> : null}
      </h2>
      <table className="shift-table">
        <thead>
          <tr>
            {head(t('cols.line'))}
            {head(t('cols.good'), t('cols.goodTitle', { period }))}
            {head(t('cols.reject'), t('cols.rejectTitle', { period }))}
            {head(t('cols.oee'), t('line:oee.definitions.oee'))}
            {head(t('cols.availability'), t('line:oee.definitions.availability'))}
            {head(t('cols.performance'), t('line:oee.definitions.performance'))}
            {head(t('cols.quality'), t('line:oee.definitions.quality'))}
            {head(t('cols.unplanned'))}
            {head(t('cols.notCoded'))}
          </tr>
        </thead>
        <tbody>
          {report.lines.map((l) => (
            <tr key={l.lineId} data-testid={`${testId}-${l.lineId}`}>
              <th scope="row">
                <a href={`#/line/${l.lineId}`}>{l.name}</a>
                <LineHeldBadge lineId={l.lineId} small testId={`${testId}-held-${l.lineId}`} />
                {l.gap ? <span className="muted" title={t('gapTitle')}>{t('gap')}</span> : null}
              </th>
              <td>{f.count(l.good)}</td>
              <td>{f.count(l.reject)}</td>
              <td className="shift-table__oee" title={oeeWarningWords(t, l) ?? undefined} data-flagged={l.warning ? 'true' : 'false'}>
                {pct(l.oee)}
                {l.warning ? ' ⚠' : ''}
              </td>
              <td>{pct(l.availability)}</td>
              <td title={oeeWarningWords(t, l) ?? undefined}>
                {pct(l.performance)}
                {l.warning ? ' ⚠' : ''}
              </td>
              <td>{pct(l.quality)}</td>
              <td>{f.duration(l.unplannedDowntimeMs)}</td>
              <td className={l.uncodedCount > 0 ? 'is-uncoded' : ''}>{f.count(l.uncodedCount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid={`${testId}-totals`}>
            <th scope="row">{t('allLines')}</th>
            <td>{f.count(report.totals.good)}</td>
            <td>{f.count(report.totals.reject)}</td>
            <td className="shift-table__oee">{pct(report.totals.oee)}</td>
            <td>{pct(report.totals.availability)}</td>
            <td>{pct(report.totals.performance)}</td>
            <td>{pct(report.totals.quality)}</td>
            <td>{f.duration(report.totals.unplannedDowntimeMs)}</td>
            <td className={report.totals.uncodedCount > 0 ? 'is-uncoded' : ''}>{f.count(report.totals.uncodedCount)}</td>
          </tr>
        </tfoot>
      </table>
      {report.lines
        .filter((l) => l.warning || l.heldParts > 0)
        .map((l) => (
          <p key={l.lineId} className="flag-note flag-note--above" role="note" data-testid={`${testId}-note-${l.lineId}`}>
            {l.name}: {l.warning ? t('noteInvalid', { warning: oeeWarningWords(t, l) }) : ''}
            {l.warning && l.heldParts > 0 ? '; ' : ''}
            {l.heldParts > 0 ? t('noteHeld', { n: l.heldParts }) : ''}
          </p>
        ))}
    </section>
  );
}
