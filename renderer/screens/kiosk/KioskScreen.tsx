import { useEffect, useState } from 'react';
import { AlarmSummary } from '../../app/AlarmSummary.tsx';
import { useNow } from '../../app/useNow.ts';
import type { KioskMode } from '../../app/kiosk.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { useBridge } from '../../stores/connectionStore.ts';
import { useLine, useLineIds } from '../../stores/linesStore.ts';
import { usePlantName, useTimeZone } from '../../stores/systemStore.ts';
import { periodWords, toLineTileView } from '../overview/lineTileModel.ts';
import { TileHold, TileWhy } from '../overview/TileWhy.tsx';
import { andonOf } from './andon.ts';

/**
 * The wall board: one andon tile per line filling the screen, sized in viewport units so it reads the
 * same on a 1280 laptop and a 3840 wall screen (state text ≥ 4 % of the screen height, counts readable
 * at 5 m). No navigation, no session controls, no buttons: nothing here changes anything.
 */
export function KioskScreen({ mode }: { readonly mode: KioskMode }) {
  const ids = useLineIds();
  const plantName = usePlantName();
  const now = useNow();
  const t = useT('kiosk');
  const f = useFormat();
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (!mode.rotateSec || ids.length < 2) return;
    const t = setInterval(() => setStep((s) => (s + 1) % (ids.length + 1)), mode.rotateSec * 1000);
    return () => clearInterval(t);
  }, [mode.rotateSec, ids.length]);
  useEffect(() => {
    if (mode.locked) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') window.location.hash = '#/overview';
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode.locked]);
  // Rotation: step 0 shows every line, step i shows line i alone.
  const single = mode.rotateSec && step > 0 ? ids[step - 1] : undefined;
  const shown = single ? [single] : ids;
  const cols = shown.length <= 1 ? 1 : shown.length <= 4 ? shown.length : Math.ceil(Math.sqrt(shown.length));
  return (
    <div className="kiosk" data-testid="kiosk" data-locked={mode.locked ? 'true' : 'false'}>
      <header className="kiosk__bar">
        <span className="kiosk__plant">{plantName || t('title')}</span>
        <AlarmSummary asLink={false} />
        <span className="kiosk__view">{single ? t('lineOf', { i: step, n: ids.length }) : mode.rotateSec ? t('allLines') : ''}</span>
        <span className="kiosk__clock" data-testid="kiosk-clock">
          {f.clock(now)}
        </span>
      </header>
      {ids.length === 0 ? (
        <p className="kiosk__waiting" role="status">
          {t('waiting')}
        </p>
      ) : (
        <main className="kiosk__grid" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
          {shown.map((id) => (
            <KioskTile key={id} lineId={id} now={now} single={Boolean(single)} />
          ))}
        </main>
      )}
      {mode.locked ? null : <p className="kiosk__hint">{t('leave')}</p>}
    </div>
  );
}

function KioskTile({ lineId, now, single }: { readonly lineId: string; readonly now: number; readonly single: boolean }) {
  const line = useLine(lineId);
  const bridge = useBridge();
  const tz = useTimeZone();
  const t = useT('kiosk');
  const f = useFormat();
  if (!line) return null;
  const v = toLineTileView(line, bridge.link, now, tz);
  const live = v.noData === null;
  const p = line.production ?? null;
  const andon = live ? andonOf(line.state) : 'nodata';
  return (
    <section className={`kiosk-tile andon-${andon}${single ? ' kiosk-tile--single' : ''}`} data-testid={`kiosk-tile-${lineId}`} data-andon={andon} aria-label={t('tile', { name: v.name, state: v.stateLabel })}>
      <h2 className="kiosk-tile__name">{v.name}</h2>
      <p className="kiosk-tile__state" data-testid={`kiosk-state-${lineId}`}>
        {v.stateLabel}
      </p>
      {v.timeInState ? (
        <p className="kiosk-tile__for">
          {t('for', { duration: v.timeInState })}
        </p>
      ) : null}
      {live ? <TileWhy lineId={lineId} big /> : <p className="tile-why tile-why--big">{v.noData?.reason}</p>}
      <TileHold lineId={lineId} big />
      <div className="kiosk-tile__counts">
        <div className="kiosk-tile__count">
          <span className="kiosk-tile__label">{t('good', { period: periodWords(p) })}</span>
          <span className="kiosk-tile__value" data-testid={`kiosk-good-${lineId}`}>
            {p ? f.count(p.good) : v.good.text}
          </span>
        </div>
        <div className="kiosk-tile__count kiosk-tile__count--small">
          <span className="kiosk-tile__label">{t('reject')}</span>
          <span className="kiosk-tile__value">{p ? f.count(p.reject) : (v.reject?.text ?? '—')}</span>
        </div>
        {p ? (
          <>
            <div className="kiosk-tile__count kiosk-tile__count--small">
              <span className="kiosk-tile__label">{t('rate')}</span>
              <span className="kiosk-tile__value">
                {live && p.ratePerMin !== null ? f.count(Math.round(p.ratePerMin)) : '—'}
                <span className="kiosk-tile__of"> / {f.count(Math.round(p.targetRatePerMin))}</span>
              </span>
            </div>
            <div className="kiosk-tile__count kiosk-tile__count--small">
              <span className="kiosk-tile__label">{t('oee')}</span>
              <span className="kiosk-tile__value">{f.percent(p.oee)}</span>
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}
