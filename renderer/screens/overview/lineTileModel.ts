import type { CounterReading, LineProduction, LineSnapshot, Period } from '../../../shared/domain/line.ts';
import type { BridgeLink } from '../../bridge/bridgeStatus.ts';
import { MACHINE_STATE_TONES, type Tone } from '../../components/tone.ts';
import { i18n } from '../../i18n/instance.ts';
import { formatClock, formatCount, formatDuration } from '../../format/time.ts';

export interface CountView {
  readonly text: string;
  /** OPC UA quality uncertain: shown, but marked. */
  readonly uncertain: boolean;
}

export interface LineTileView {
  readonly name: string;
  readonly stateLabel: string;
  readonly stateTone: Tone;
  /** "12 min 05 s", null when the state is not live or has no start time. */
  readonly timeInState: string | null;
  /** Null while values are live; otherwise why not and when the last value came. */
  readonly noData: { readonly reason: string; readonly lastValueAt: string | null } | null;
  readonly good: CountView;
  readonly reject: CountView | null;
  readonly linkLabel: string;
  readonly linkTone: Tone;
}

/** A text of the overview in the language in force (components that call these re-render on a change through useT). */
const tr = (key: string, params?: Record<string, unknown>): string => i18n.t(key, { ns: 'overview', ...params });

const count = (r: CounterReading): CountView => ({ text: formatCount(r.value), uncertain: r.quality === 'uncertain' });

/** Why the numbers on a tile are not live, most basic cause first; null when they are live. */
export function noDataReason(line: LineSnapshot, bridge: BridgeLink): string | null {
  if (bridge !== 'open') return tr('noData.core');
  if (line.link !== 'connected') return tr(`noData.controller.${line.link}`);
  if (line.stale) return tr('noData.stale');
  if (line.good.quality === 'bad') return tr('noData.badQuality');
  return null;
}

/** The controller link as the tile states it; while the page has no core, the link is not known either. */
export function linkLabel(line: LineSnapshot, bridge: BridgeLink): string {
  if (bridge !== 'open') return tr('link.unknown');
  if (line.link === 'connected' && line.stale) return tr('link.stale');
  return tr(`common:linkStates.${line.link}`);
}

/** Everything a tile draws, as plain values: the tile component only lays them out. */
export function toLineTileView(line: LineSnapshot, bridge: BridgeLink, now: number, timeZone?: string): LineTileView {
  const reason = noDataReason(line, bridge);
  const lastAt = line.good.at;
  const unmapped = line.state === 'unknown' && line.rawState !== null;
  let stateLabel: string;
  let stateTone: Tone;
  if (reason) {
    stateLabel = tr('state.notKnown');
    stateTone = 'nodata';
  } else if (unmapped) {
    stateLabel = tr('state.unmapped', { code: String(line.rawState) });
    stateTone = MACHINE_STATE_TONES.unknown;
  } else {
    stateLabel = tr(`common:machineStates.${line.state}`);
    stateTone = MACHINE_STATE_TONES[line.state];
  }
  return {
    name: line.name,
    stateLabel,
    stateTone,
    timeInState: !reason && line.stateSince !== null ? formatDuration(now - line.stateSince) : null,
    noData: reason ? { reason, lastValueAt: lastAt === null ? null : formatClock(lastAt, timeZone) } : null,
    good: count(line.good),
    reject: line.reject.value === null && line.reject.at === null ? null : count(line.reject),
    linkLabel: linkLabel(line, bridge),
    linkTone: bridge === 'open' && line.link === 'connected' && !line.stale ? 'normal' : 'nodata',
  };
}

/** The words for the period a tile's figures cover ("this shift"); a core without periods sends shift figures. */
export function periodWords(p: LineProduction | null | undefined): string {
  if (p?.period) return periodText(p.period);
  if (!p?.shift || p.shift.name === 'Unscheduled') return tr('period.sinceLastShift');
  return tr('period.thisShift');
}

const PERIOD_KEYS: Readonly<Record<string, string>> = {
  'this shift': 'period.thisShift',
  'since the last shift ended': 'period.sinceLastShift',
  'between shifts': 'period.betweenShifts',
  'previous shift': 'period.previousShift',
};

/** A shift's name as the plant calendar names it; the core's stand-in for "no shift" in the reader's language. */
export const shiftName = (name: string): string => (name === 'Unscheduled' ? tr('period.unscheduled') : name);

/**
 * The words of a period the core names in English ("this shift", "Early shift") in the language in force;
 * a label this build does not know is shown as the core wrote it.
 */
export function periodText(period: Pick<Period, 'label'> | null | undefined): string {
  if (!period) return tr('period.thisShift');
  const key = PERIOD_KEYS[period.label];
  if (key) return tr(key);
  const named = /^(.+) shift$/.exec(period.label);
  return named ? tr('period.namedShift', { name: named[1] }) : period.label;
}
