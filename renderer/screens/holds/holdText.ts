import type { ErpLeg, HoldMarker, HoldView } from '../../../shared/contract/domains/holds.ts';
import { describeScope, type HoldScope } from '../../../shared/domain/hold.ts';
import type { Tone } from '../../components/tone.ts';
import { toPlantLocal } from '../../format/plantTime.ts';
import { formatClock } from '../../format/time.ts';

/** Words and tones of the holds screen: pure, so they can be tested without a page. */
export function scopeText(scope: HoldScope, lineName: (id: string) => string, timeZone: string | undefined, now: number = Date.now()): string {
  // Times alone when everything is today (plant time); with the date once a window reaches another day.
  const today = toPlantLocal(now, timeZone).slice(0, 10);
  const times = 'from' in scope ? [scope.from, ...('to' in scope ? [scope.to] : [])] : [];
  const withDate = times.some((t) => toPlantLocal(t, timeZone).slice(0, 10) !== today);
  return describeScope(scope, lineName, (ms) => (withDate ? toPlantLocal(ms, timeZone).replace('T', ' ') : formatClock(ms, timeZone).slice(0, 5)));
}

export function interlockView(h: HoldView, timeZone: string | undefined): { text: string; tone: Tone } {
  const at = h.interlock.at ? ` at ${formatClock(h.interlock.at, timeZone)}` : '';
  switch (h.interlock.state) {
    case 'set':
      return { text: `Set on the controller and read back${at}`, tone: 'normal' };
    case 'cleared':
      return { text: `Cleared on the controller and read back${at}`, tone: 'normal' };
    case 'kept':
      return { text: `Left set: ${h.interlock.message ?? 'another hold on this line needs it'}`, tone: 'normal' };
    case 'failed':
      return { text: `NOT SET: ${h.interlock.message ?? 'the write was not confirmed'}`, tone: 'alarm' };
    case 'clear_failed':
      return { text: `NOT CLEARED: ${h.interlock.message ?? 'the write was not confirmed'}`, tone: 'alarm' };
    case 'not_mapped':
      return { text: 'No interlock is mapped for this scope', tone: 'normal' };
  }
}

export function erpView(leg: ErpLeg): { text: string; tone: Tone } {
  switch (leg.state) {
    case 'posted':
      return { text: `Posted${leg.message ? ` (${leg.message})` : ''}`, tone: 'normal' };
    case 'waiting':
      return { text: `Waiting to post${leg.outboxState === 'needs_check' ? ', checking the outcome' : ''}${leg.message ? `: ${leg.message}` : ''}`, tone: 'warning' };
    case 'failed':
      return { text: `FAILED (${leg.outboxState ?? 'missing'}): ${leg.message ?? 'see the outbox'}`, tone: 'alarm' };
    case 'no_erp':
      return { text: 'No ERP configured: the hold lives in the console only', tone: 'normal' };
  }
}

/** "Did the hold reach everything?": one word for the card's header. */
export function reachedEverything(h: HoldView): { text: string; tone: Tone } {
  const lineOk = h.interlock.state !== 'failed' && h.interlock.state !== 'clear_failed';
  const legs = [h.erp.place, ...(h.erp.release ? [h.erp.release] : [])];
  if (!lineOk || legs.some((l) => l.state === 'failed')) return { text: 'Did not reach everything', tone: 'alarm' };
  if (legs.some((l) => l.state === 'waiting')) return { text: 'Line done, ERP waiting', tone: 'warning' };
  return { text: 'Reached everything', tone: 'normal' };
}

/**
 * What holds a line, in a few words for other screens' HELD markers: the scope of each active hold
 * (from the full list when it is loaded, else from the marker alone).
 */
export function heldWords(markers: readonly HoldMarker[], holds: readonly Pick<HoldView, 'id' | 'scope'>[], lineName: (id: string) => string, timeZone: string | undefined, now: number = Date.now()): string {
  const parts = markers.map((m) => {
    const h = holds.find((x) => x.id === m.id);
    if (h) return scopeText(h.scope, lineName, timeZone, now);
    return m.kind === 'order' ? `Order ${m.erpOrderId ?? ''}` : m.kind === 'lot' ? `Lot ${m.lot ?? ''}` : m.kind === 'line' ? 'Everything the line makes' : 'A time window';
  });
  return `${markers.length === 1 ? 'Quality hold' : `${markers.length} quality holds`}: ${parts.join('; ')}`;
}
