import type { LinkState } from '../../../../shared/domain/line.ts';
import type { SignalConfig } from '../../../../shared/domain/plantConfig.ts';
import { bandOf, type SignalReading } from '../../../../shared/domain/signal.ts';
import type { LiveValue } from '../../platform/opcua/opcuaTypes.ts';
import type { ControllerLink } from '../../platform/linefeed/controllerLink.ts';

/** What the pump keeps per signal between ticks. */
export interface SignalState {
  /** The latest value the gateway delivered (null before the first). */
  latest: LiveValue | null;
  /** The last usable Good number and its time: shown greyed while the value is not Good. */
  lastGood: { value: number; at: number | null } | null;
}


const LINK_WORDS: Readonly<Record<LinkState, string>> = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
  misconfigured: 'misconfigured',
};

/** Takes one delivered value into the signal's state. */
export function takeValue(state: SignalState, v: LiveValue): void {
  state.latest = v;
  if (v.quality === 'good' && typeof v.value === 'number' && Number.isFinite(v.value)) {
    // Updated in place (this runs for every signal value; readings copy what they show from it).
    const at = v.sourceTs ?? v.serverTs;
    if (state.lastGood) {
      state.lastGood.value = v.value;
      state.lastGood.at = at;
    } else state.lastGood = { value: v.value, at };
  }
}

/**
 * One signal as the screen shows it. A value is Good only when the controller said Good, the value is a finite
 * number and the link is live; anything else is Bad (or Uncertain, as the controller said) with the reason.
 */
export function signalReading(def: SignalConfig, state: SignalState, link: ControllerLink): SignalReading {
  const last = state.lastGood;
  const notLive = (reason: string): SignalReading => ({ id: def.id, value: last?.value ?? null, quality: 'bad', at: last?.at ?? null, band: null, reason });
  if (link.link !== 'connected') {
    return notLive(`Not connected to the controller (${LINK_WORDS[link.link]})${link.error ? `: ${link.error}` : '.'}`);
  }
  if (link.stale) return notLive('No data or keep-alive from the controller within the freshness window: the value is not live.');
  const v = state.latest;
  if (!v) return notLive('No value received from the controller yet.');
  const at = v.sourceTs ?? v.serverTs;
  if (v.quality === 'bad') return notLive(v.reason ?? flagReason(v) ?? 'The controller reports the value as Bad.');
  if (typeof v.value !== 'number' || !Number.isFinite(v.value)) return notLive(flagReason(v) ?? notNumber(v.value));
  const band = bandOf(v.value, def.low, def.high);
  if (v.quality === 'uncertain') return { id: def.id, value: v.value, quality: 'uncertain', at, band, reason: v.reason ?? 'The controller reports the value as Uncertain.' };
  return { id: def.id, value: v.value, quality: 'good', at, band };
}

function flagReason(v: LiveValue): string | null {
  if (v.flags?.includes('nonfinite')) return 'The controller sent a value that is not a finite number (NaN or infinity).';
  if (v.flags?.includes('unsupported-type')) return 'The controller sent an array, a structure or raw bytes, not a single number.';
  return null;
}

function notNumber(value: LiveValue['value']): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `The controller sent text ("${shown}"), not a number.`;
  }
  if (typeof value === 'boolean') return `The controller sent a true/false flag (${String(value)}), not a number.`;
  return 'The controller sent no value.';
}
