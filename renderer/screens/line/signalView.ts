import type { LineSignalReadings, SignalDefinition, SignalReading } from '../../../shared/domain/signal.ts';
import type { BridgeLink } from '../../bridge/bridgeStatus.ts';
import type { Tone } from '../../components/tone.ts';
import { formatClock } from '../../format/time.ts';
import { formatFor } from '../../i18n/format.ts';
import { currentLang, i18n } from '../../i18n/instance.ts';

/** A text of the line view in the language in force (the panel re-renders on a change through useT). */
const tr = (key: string, params?: Record<string, unknown>): string => i18n.t(key, { ns: 'line', ...params });
/** A flag ("HIGH", "NO DATA") in the language in force; `flagCode` keeps the code for styling and tests. */
const flagWord = (code: string): string => tr(`signals.flags.${code.replace(' ', '_')}`);

/** One signal as its card shows it. Every tone is also spelt out in `flag`. */
export interface SignalCardView {
  readonly id: string;
  readonly label: string;
  /** "48.3", or an em dash when there is no value at all. */
  readonly valueText: string;
  readonly unit: string | null;
  /** `normal` grey; `warning` outside the normal band; `nodata` not live or not trustworthy (Bad, stale, no link). */
  readonly tone: Tone;
  /** The value shown is not a live Good value (greyed). */
  readonly dimmed: boolean;
  /** The value is Uncertain: shown, but marked. */
  readonly uncertain: boolean;
  /** "HIGH", "LOW", "BAD", "STALE", "NO DATA", "UNCERTAIN" in the language in force; null when normal. */
  readonly flag: string | null;
  /** The flag's code (the English word, not translated): for styling and the page's data attributes. */
  readonly flagCode: string | null;
  /** The words after the flag: how far out, or why not live; null when normal. */
  readonly detail: string | null;
  /** "normal 3.50 – 5.00 bar", "normal up to 58.0 °C"; null without a band. */
  readonly bandText: string | null;
  /** Bad values: the configured node, so an administrator can find it. */
  readonly nodeId: string | null;
  readonly abnormal: boolean;
}

/** A value with the configured digits after the point ("4.20", German "4,20"); "—" when there is none. */
export function formatSignal(value: number | null, decimals: number): string {
  if (value === null) return '—';
  // -0.0 reads as a sign error on a panel.
  const text = formatFor(currentLang(), undefined).number(value, { min: decimals, max: decimals });
  return /^-0([.,]0*)?$/.test(text) ? text.slice(1) : text;
}

const withUnit = (text: string, unit: string | null): string => (unit ? `${text} ${unit}` : text);

export function bandText(def: SignalDefinition): string | null {
  const lo = def.low === null ? null : formatSignal(def.low, def.decimals);
  const hi = def.high === null ? null : formatSignal(def.high, def.decimals);
  if (lo !== null && hi !== null) return tr('signals.band.between', { lo, hi: withUnit(hi, def.unit) });
  if (hi !== null) return tr('signals.band.upTo', { hi: withUnit(hi, def.unit) });
  if (lo !== null) return tr('signals.band.from', { lo: withUnit(lo, def.unit) });
  return null;
}

/** Why none of the line's values is live (one notice for the panel, not one per card); null while live. */
export function signalsNotLive(line: LineSignalReadings | undefined, bridge: BridgeLink): string | null {
  if (bridge !== 'open') return tr('signals.why.core');
  if (!line) return tr('signals.why.noValues');
  if (line.link !== 'connected') return line.signals.find((s) => s.reason)?.reason ?? tr('signals.why.controller', { state: i18n.t(`common:linkStates.${line.link}`) });
  if (line.stale) return tr('signals.why.stale');
  return null;
}

/**
 * The card of one signal. `line` is the latest values of its line (undefined before the first message);
 * `bridge` the page's link to the core: without it nothing on screen is live.
 */
export function toSignalCard(def: SignalDefinition, reading: SignalReading | undefined, line: LineSignalReadings | undefined, bridge: BridgeLink, timeZone?: string): SignalCardView {
  const base = { id: def.id, label: def.label, unit: def.unit, bandText: bandText(def) };
  const value = reading?.value ?? null;
  const valueText = formatSignal(value, def.decimals);
  const lastAt = reading?.at ? tr('signals.lastValue', { time: formatClock(reading.at, timeZone) }) : tr('signals.noValueYet');
  const greyed = (flag: string, detail: string | null, nodeId: string | null = null): SignalCardView => ({ ...base, valueText, tone: 'nodata', dimmed: true, uncertain: false, flag: flagWord(flag), flagCode: flag, detail, nodeId, abnormal: true });
  // The panel says once why nothing is live and how old the values are; a card only that it has none.
  if (signalsNotLive(line, bridge) !== null || !reading) return greyed(line?.stale && bridge === 'open' ? 'STALE' : 'NO DATA', value === null ? tr('signals.noValueYet') : null);
  if (reading.quality === 'bad') {
    const reason = reading.reason ?? tr('signals.reportsBad');
    const why = value === null ? reason : tr('signals.shown', { reason, last: lastAt });
    // The node is named once: the gateway's reason often names it already.
    return greyed('BAD', why, reason.includes(def.nodeId) ? null : def.nodeId);
  }
  const uncertain = reading.quality === 'uncertain';
  if (reading.band === 'high' || reading.band === 'low') {
    const limit = reading.band === 'high' ? def.high : def.low;
    // How far out, not the limit again: the band is on the card already.
    const by = limit === null || value === null ? '' : tr('signals.by', { amount: withUnit(formatSignal(Math.abs(value - limit), def.decimals), def.unit) });
    return {
      ...base,
      valueText,
      tone: 'warning',
      dimmed: false,
      uncertain,
      flag: flagWord(reading.band === 'high' ? 'HIGH' : 'LOW'),
      flagCode: reading.band === 'high' ? 'HIGH' : 'LOW',
      detail: `${by}${uncertain ? ` · ${reading.reason ?? tr('signals.uncertain')}` : ''}`.trim() || null,
      nodeId: null,
      abnormal: true,
    };
  }
  if (uncertain) return { ...base, valueText, tone: 'normal', dimmed: false, uncertain, flag: flagWord('UNCERTAIN'), flagCode: 'UNCERTAIN', detail: reading.reason ?? tr('signals.notSure'), nodeId: null, abnormal: true };
  return { ...base, valueText, tone: 'normal', dimmed: false, uncertain: false, flag: null, flagCode: null, detail: null, nodeId: null, abnormal: false };
}

export interface SignalPanelView {
  /** Set when no value of the line is live: why, and the time of the newest value shown. */
  readonly notLive: { readonly reason: string; readonly lastValueAt: string | null } | null;
  readonly cards: readonly SignalCardView[];
  /** Cards that need a person: outside the band, Bad, Uncertain or not live. */
  readonly abnormal: number;
}

/** Every signal of a line, in the configured order. */
export function toSignalPanel(defs: readonly SignalDefinition[], line: LineSignalReadings | undefined, bridge: BridgeLink, timeZone?: string): SignalPanelView {
  const byId = new Map(line?.signals.map((r) => [r.id, r]));
  const cards = defs.map((d) => toSignalCard(d, byId.get(d.id), line, bridge, timeZone));
  const reason = signalsNotLive(line, bridge);
  const newest = Math.max(...(line?.signals.map((s) => s.at ?? 0) ?? [0]), 0);
  return {
    notLive: reason === null ? null : { reason, lastValueAt: newest > 0 ? formatClock(newest, timeZone) : null },
    cards,
    abnormal: cards.filter((c) => c.abnormal).length,
  };
}
