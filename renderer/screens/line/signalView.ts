import type { LineSignalReadings, SignalDefinition, SignalReading } from '../../../shared/domain/signal.ts';
import type { BridgeLink } from '../../bridge/bridgeStatus.ts';
import { LINK_LABELS, type Tone } from '../../components/tone.ts';
import { formatClock } from '../../format/time.ts';

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
  /** "HIGH", "LOW", "BAD", "STALE", "NO DATA", "UNCERTAIN"; null when normal. */
  readonly flag: string | null;
  /** The words after the flag: how far out, or why not live; null when normal. */
  readonly detail: string | null;
  /** "normal 3.50 – 5.00 bar", "normal up to 58.0 °C"; null without a band. */
  readonly bandText: string | null;
  /** Bad values: the configured node, so an administrator can find it. */
  readonly nodeId: string | null;
  readonly abnormal: boolean;
}

const formats = new Map<number, Intl.NumberFormat>();

/** A value with the configured digits after the point ("4.20"); "—" when there is none. */
export function formatSignal(value: number | null, decimals: number): string {
  if (value === null) return '—';
  let f = formats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true });
    formats.set(decimals, f);
  }
  // -0.0 reads as a sign error on a panel.
  const text = f.format(value);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

const withUnit = (text: string, unit: string | null): string => (unit ? `${text} ${unit}` : text);

export function bandText(def: SignalDefinition): string | null {
  const lo = def.low === null ? null : formatSignal(def.low, def.decimals);
  const hi = def.high === null ? null : formatSignal(def.high, def.decimals);
  if (lo !== null && hi !== null) return `normal ${withUnit(`${lo} – ${hi}`, def.unit)}`;
  if (hi !== null) return `normal up to ${withUnit(hi, def.unit)}`;
  if (lo !== null) return `normal from ${withUnit(lo, def.unit)}`;
  return null;
}

/** Why none of the line's values is live (one notice for the panel, not one per card); null while live. */
export function signalsNotLive(line: LineSignalReadings | undefined, bridge: BridgeLink): string | null {
  if (bridge !== 'open') return 'The console core is not connected.';
  if (!line) return 'No values from the console core yet.';
  if (line.link !== 'connected') return line.signals.find((s) => s.reason)?.reason ?? `Controller ${LINK_LABELS[line.link].toLowerCase()}.`;
  if (line.stale) return 'No update from the controller within the freshness window.';
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
  const lastAt = reading?.at ? `last value ${formatClock(reading.at, timeZone)}` : 'no value yet';
  const greyed = (flag: string, detail: string | null, nodeId: string | null = null): SignalCardView => ({ ...base, valueText, tone: 'nodata', dimmed: true, uncertain: false, flag, detail, nodeId, abnormal: true });
  // The panel says once why nothing is live and how old the values are; a card only that it has none.
  if (signalsNotLive(line, bridge) !== null || !reading) return greyed(line?.stale && bridge === 'open' ? 'STALE' : 'NO DATA', value === null ? 'no value yet' : null);
  if (reading.quality === 'bad') {
    const reason = reading.reason ?? 'The controller reports the value as Bad.';
    const why = value === null ? reason : `${reason} Shown: ${lastAt}.`;
    // The node is named once: the gateway's reason often names it already.
    return greyed('BAD', why, reason.includes(def.nodeId) ? null : def.nodeId);
  }
  const uncertain = reading.quality === 'uncertain';
  if (reading.band === 'high' || reading.band === 'low') {
    const limit = reading.band === 'high' ? def.high : def.low;
    // How far out, not the limit again: the band is on the card already.
    const by = limit === null || value === null ? '' : `by ${withUnit(formatSignal(Math.abs(value - limit), def.decimals), def.unit)}`;
    return {
      ...base,
      valueText,
      tone: 'warning',
      dimmed: false,
      uncertain,
      flag: reading.band === 'high' ? 'HIGH' : 'LOW',
      detail: `${by}${uncertain ? ` · ${reading.reason ?? 'Uncertain'}` : ''}`.trim() || null,
      nodeId: null,
      abnormal: true,
    };
  }
  if (uncertain) return { ...base, valueText, tone: 'normal', dimmed: false, uncertain, flag: 'UNCERTAIN', detail: reading.reason ?? 'The controller is not sure of this value.', nodeId: null, abnormal: true };
  return { ...base, valueText, tone: 'normal', dimmed: false, uncertain: false, flag: null, detail: null, nodeId: null, abnormal: false };
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
