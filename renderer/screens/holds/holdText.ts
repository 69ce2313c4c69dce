import type { ErpLeg, HoldMarker, HoldView } from '../../../shared/contract/domains/holds.ts';
import type { HoldScope } from '../../../shared/domain/hold.ts';
import type { Lang, Message } from '../../../shared/i18n/index.ts';
import type { Tone } from '../../components/tone.ts';
import { toPlantLocal } from '../../format/plantTime.ts';
import { currentLang, formatFor, tMessage, type Translate, tNow } from '../../i18n/index.tsx';

/** A core message in the screen's language (useTMessage()), the fallback when there is none. */
export type TMessage = (m: Message | null | undefined, fallback?: string) => string;
const tmNow: TMessage = (m, fallback = '') => tMessage(m, fallback);

/**
 * Words and tones of the holds screen: pure, so they can be tested without a page. Each takes the
 * translate function and language of the screen (`useT('holds')`, `useLang()`); without them, the language in force.
 */
const h = (t: Translate) => (key: string, params?: Record<string, unknown>) => t(`holds:${key}`, params);

export function scopeText(scope: HoldScope, lineName: (id: string) => string, timeZone: string | undefined, now: number = Date.now(), t: Translate = tNow, lang: Lang = currentLang()): string {
  // Times alone when everything is today (plant time); with the date once a window reaches another day.
  const f = formatFor(lang, timeZone);
  const today = toPlantLocal(now, timeZone).slice(0, 10);
  const times = 'from' in scope ? [scope.from, ...('to' in scope ? [scope.to] : [])] : [];
  const withDate = times.some((x) => toPlantLocal(x, timeZone).slice(0, 10) !== today);
  const fmt = (ms: number) => (withDate ? f.dateTime(ms) : f.time(ms));
  const w = h(t);
  switch (scope.kind) {
    case 'line':
      return w('scope.line', { line: lineName(scope.lineId), from: fmt(scope.from) });
    case 'order':
      return scope.lineId ? w('scope.orderOnLine', { order: scope.erpOrderId, line: lineName(scope.lineId) }) : w('scope.order', { order: scope.erpOrderId });
    case 'lot':
      return w('scope.lot', { lot: scope.lot, line: lineName(scope.lineId), from: fmt(scope.from), to: fmt(scope.to) });
    case 'window':
      return w('scope.window', { line: lineName(scope.lineId), from: fmt(scope.from), to: fmt(scope.to) });
  }
}

export function interlockView(hv: HoldView, timeZone: string | undefined, t: Translate = tNow, lang: Lang = currentLang(), tm: TMessage = tmNow): { text: string; tone: Tone } {
  const w = h(t);
  // Why, for a person (the core's message: what happened and what to do); the controller's own words and status code are the administrator's Details.
  const why = (fallback: string) => tm(hv.interlock.msg, hv.interlock.message ?? fallback).replace(/[.\s]+$/, '');
  const at = hv.interlock.at ? formatFor(lang, timeZone).time(hv.interlock.at) : null;
  switch (hv.interlock.state) {
    case 'set':
      return { text: at ? w('interlock.setAt', { time: at }) : w('interlock.set'), tone: 'normal' };
    case 'cleared':
      return { text: at ? w('interlock.clearedAt', { time: at }) : w('interlock.cleared'), tone: 'normal' };
    case 'kept':
      return { text: w('interlock.kept', { why: why(w('interlock.keptDefault')) }), tone: 'normal' };
    case 'failed':
      return { text: w('interlock.failed', { why: why(w('interlock.notConfirmed')) }), tone: 'alarm' };
    case 'clear_failed':
      return { text: w('interlock.clearFailed', { why: why(w('interlock.notConfirmed')) }), tone: 'alarm' };
    case 'not_mapped':
      return { text: w('interlock.notMapped'), tone: 'normal' };
  }
}

export function erpView(leg: ErpLeg, t: Translate = tNow, tm: TMessage = tmNow): { text: string; tone: Tone } {
  const w = h(t);
  // The ERP's words come introduced by the core's sentence (leg.msg); SAP's are in the person's language already.
  const message = leg.message ? tm(leg.msg, leg.message) : null;
  switch (leg.state) {
    case 'posted':
      return { text: leg.message ? w('erp.postedWith', { message: leg.message }) : w('erp.posted'), tone: 'normal' };
    case 'waiting':
      return { text: message ? w('erp.waitingWith', { message }) : leg.outboxState === 'needs_check' ? w('erp.waitingCheck') : w('erp.waiting'), tone: 'warning' };
    case 'failed':
      return { text: message ? w('erp.failed', { message }) : w('erp.failedOutbox'), tone: 'alarm' };
    case 'no_erp':
      return { text: w('erp.noErp'), tone: 'normal' };
  }
}

/** "Did the hold reach everything?": one word for the card's header. */
export function reachedEverything(hv: HoldView, t: Translate = tNow): { text: string; tone: Tone } {
  const w = h(t);
  const lineOk = hv.interlock.state !== 'failed' && hv.interlock.state !== 'clear_failed';
  const legs = [hv.erp.place, ...(hv.erp.release ? [hv.erp.release] : [])];
  if (!lineOk || legs.some((l) => l.state === 'failed')) return { text: w('reach.notAll'), tone: 'alarm' };
  if (legs.some((l) => l.state === 'waiting')) return { text: w('reach.erpWaiting'), tone: 'warning' };
  return { text: w('reach.all'), tone: 'normal' };
}

/**
 * What holds a line, in a few words for other screens' HELD markers: the scope of each active hold
 * (from the full list when it is loaded, else from the marker alone).
 */
export function heldWords(markers: readonly HoldMarker[], holds: readonly Pick<HoldView, 'id' | 'scope'>[], lineName: (id: string) => string, timeZone: string | undefined, now: number = Date.now(), t: Translate = tNow, lang: Lang = currentLang()): string {
  const w = h(t);
  const parts = markers.map((m) => {
    const hv = holds.find((x) => x.id === m.id);
    if (hv) return scopeText(hv.scope, lineName, timeZone, now, t, lang);
    return m.kind === 'order' ? w('held.order', { order: m.erpOrderId ?? '' }) : m.kind === 'lot' ? w('held.lot', { lot: m.lot ?? '' }) : m.kind === 'line' ? w('held.line') : w('held.window');
  });
  return w('held.summary', { n: markers.length, what: parts.join('; ') });
}
