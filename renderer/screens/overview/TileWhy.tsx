import { useMemo } from 'react';
import { useStore } from 'zustand';
import { lineAlarm } from '../../app/alarmCounts.ts';
import { PriorityMark } from '../../components/PriorityMark.tsx';
import { alertsStore } from '../../stores/alertsStore.ts';
import { useActiveHoldsForLine, useHolds } from '../../stores/holdsStore.ts';
import { linesStore, useLine } from '../../stores/linesStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { useT, useTMessage } from '../../i18n/index.tsx';
import { heldWords } from '../holds/holdText.ts';
import { STOP_WHY_TEXT, interlockWords, stopWhy } from './stopWhy.ts';

/** The line's most urgent active alarm (recomputed when the alert list changes). */
export function useLineAlarm(lineId: string) {
  const byId = useStore(alertsStore, (s) => s.byId);
  return useMemo(() => lineAlarm(byId.values(), lineId), [byId, lineId]);
}

/** "Why is it stopped": the active alarm (with its priority mark) or the coded reason, in words. */
export function TileWhy({ lineId, big = false }: { readonly lineId: string; readonly big?: boolean }) {
  const line = useLine(lineId);
  const alarm = useLineAlarm(lineId);
  useT('overview'); // re-render on a change of language (the words come from stopWhy)
  const tm = useTMessage();
  if (!line) return null;
  const why = stopWhy(line, alarm);
  if (!why) return null;
  return (
    <p className={`tile-why tile-why--${why.kind}${big ? ' tile-why--big' : ''}`} data-testid={`tile-why-${lineId}`} data-kind={why.kind}>
      {why.kind === 'alarm' ? <PriorityMark priority={why.priority} size="1.1em" numbered /> : null}
      <span className="tile-why__label">{why.kind === 'alarm' ? STOP_WHY_TEXT.alarm : why.kind === 'reason' ? STOP_WHY_TEXT.reason : STOP_WHY_TEXT.stop}:</span> <span className="tile-why__text">{why.kind === 'alarm' ? tm(why.msg, why.text) : why.text}</span>
    </p>
  );
}

/** A held line: what the hold covers and whether the line interlock is set. */
export function TileHold({ lineId, big = false }: { readonly lineId: string; readonly big?: boolean }) {
  const orderId = useStore(linesStore, (s) => s.byId[lineId]?.production?.orderId ?? null);
  const markers = useActiveHoldsForLine(lineId, orderId);
  const holds = useHolds();
  const tz = useTimeZone();
  useT('overview');
  if (markers.length === 0) return null;
  const il = interlockWords(holds, markers.map((m) => m.id));
  const what = heldWords(markers, holds, (id) => linesStore.getState().byId[id]?.name ?? id, tz);
  return (
    <p className={`tile-hold${il.failed ? ' is-failed' : ''}${big ? ' tile-hold--big' : ''}`} data-testid={`tile-hold-${lineId}`} data-interlock-failed={il.failed ? 'true' : 'false'}>
      <span className="tile-hold__mark">{STOP_WHY_TEXT.heldPrefix}</span> <span className="tile-hold__what">{what}</span> · <span className="tile-hold__interlock">{il.text}</span>
    </p>
  );
}
