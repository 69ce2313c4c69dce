import { useEffect, useMemo, useState } from 'react';
import { useBridge } from '../../stores/connectionStore.ts';
import { useLineSignals, useSignalDefinitions, watchLineSignals } from '../../stores/signalsStore.ts';
import { NoDataFlag } from '../../components/NoDataFlag.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import { type SignalCardView, toSignalPanel } from './signalView.ts';

/**
 * The line's process signals (temperature, pressure, motor current …): one calm card each, grey while in
 * band; amber edge and HIGH/LOW in words when outside it; magenta dashed and greyed, with the reason, when
 * the value is not live or not trustworthy. Renders nothing for a line without signals.
 */
export function SignalsPanel({ lineId, timeZone }: { readonly lineId: string; readonly timeZone?: string }) {
  const defs = useSignalDefinitions(lineId);
  // The core sends this line's signals while the panel shows it (signals.watch).
  useEffect(() => watchLineSignals(lineId), [lineId]);
  const line = useLineSignals(lineId);
  const bridge = useBridge().link;
  const [abnormalOnly, setAbnormalOnly] = useState(false);
  const t = useT('line');
  const lang = useLang();
  // The cards carry words in the language in force: recomputed when it changes.
  const view = useMemo(() => toSignalPanel(defs, line, bridge, timeZone), [defs, line, bridge, timeZone, lang]);
  if (defs.length === 0) return null;
  const { cards, abnormal, notLive } = view;
  const shown = abnormalOnly ? cards.filter((c) => c.abnormal) : cards;
  return (
    <section className="panel signals" aria-labelledby={`signals-title-${lineId}`} data-testid="signals-panel">
      <div className="panel__head">
        <h2 className="panel__title" id={`signals-title-${lineId}`}>
          {t('signals.title')}
        </h2>
        <p className="signals__summary" data-testid="signals-summary" aria-live="polite">
          {notLive ? t('signals.notLive') : abnormal === 0 ? t('signals.allNormal', { n: cards.length }) : t('signals.attention', { n: abnormal, total: cards.length })}
        </p>
        <button type="button" className="button signals__filter" aria-pressed={abnormalOnly} onClick={() => setAbnormalOnly((x) => !x)} data-testid="signals-abnormal-only">
          {abnormalOnly ? t('signals.showAll') : t('signals.showAbnormal')}
        </button>
      </div>
      {notLive ? <NoDataFlag reason={notLive.reason} lastValueAt={notLive.lastValueAt} testId="signals-no-data" /> : null}
      {shown.length === 0 ? (
        <p className="muted">{t('signals.allInBand')}</p>
      ) : (
        <ul className="signals__grid">
          {shown.map((c) => (
            <SignalCard key={c.id} card={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SignalCard({ card }: { readonly card: SignalCardView }) {
  const wide = card.flagCode === 'BAD' || card.flagCode === 'UNCERTAIN';
  const classes = ['signal-card', `tone-${card.tone}`, card.dimmed ? 'is-dimmed' : '', card.uncertain ? 'is-uncertain' : '', wide ? 'is-wide' : ''].filter(Boolean).join(' ');
  return (
    <li className={classes} data-testid={`signal-${card.id}`} data-tone={card.tone} data-flag={card.flagCode ?? ''}>
      <span className="signal-card__label">{card.label}</span>
      <span className="signal-card__reading">
        <span className="signal-card__value" data-testid={`signal-value-${card.id}`}>
          {card.valueText}
        </span>
        {card.unit ? <span className="signal-card__unit">{card.unit}</span> : null}
      </span>
      {card.flag ? (
        <span className="signal-card__flag" data-testid={`signal-flag-${card.id}`}>
          <strong>{card.flag}</strong>
          {card.detail ? ` ${card.detail}` : null}
          {card.nodeId ? <span className="signal-card__node">{card.nodeId}</span> : null}
        </span>
      ) : null}
      {card.bandText ? <span className="signal-card__band">{card.bandText}</span> : null}
    </li>
  );
}
