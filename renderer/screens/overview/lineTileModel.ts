import { type CounterReading, type LineProduction, type LineSnapshot, MACHINE_STATE_LABELS } from '../../../shared/domain/line.ts';
import type { BridgeLink } from '../../bridge/bridgeStatus.ts';
import { LINK_LABELS, MACHINE_STATE_TONES, type Tone } from '../../components/tone.ts';
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

const count = (r: CounterReading): CountView => ({ text: formatCount(r.value), uncertain: r.quality === 'uncertain' });

/** Why the numbers on a tile are not live, most basic cause first; null when they are live. */
export function noDataReason(line: LineSnapshot, bridge: BridgeLink): string | null {
  if (bridge !== 'open') return 'Console core not connected';
  if (line.link !== 'connected') return `Controller ${LINK_LABELS[line.link].toLowerCase()}`;
  if (line.stale) return 'No update from the controller';
  if (line.good.quality === 'bad') return 'Controller reports bad quality';
  return null;
}

/** The controller link as the tile states it; while the page has no core, the link is not known either. */
export function linkLabel(line: LineSnapshot, bridge: BridgeLink): string {
  if (bridge !== 'open') return 'Link not known';
  if (line.link === 'connected' && line.stale) return 'Connected, data stale';
  return LINK_LABELS[line.link];
}

/** Everything a tile draws, as plain values: the tile component only lays them out. */
export function toLineTileView(line: LineSnapshot, bridge: BridgeLink, now: number, timeZone?: string): LineTileView {
  const reason = noDataReason(line, bridge);
  const lastAt = line.good.at;
  const unmapped = line.state === 'unknown' && line.rawState !== null;
  let stateLabel: string;
  let stateTone: Tone;
  if (reason) {
    stateLabel = 'State not known';
    stateTone = 'nodata';
  } else if (unmapped) {
    stateLabel = `Unknown state code ${String(line.rawState)}`;
    stateTone = MACHINE_STATE_TONES.unknown;
  } else {
    stateLabel = MACHINE_STATE_LABELS[line.state];
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
  if (p?.period) return p.period.label;
  if (!p?.shift || p.shift.name === 'Unscheduled') return 'since the last shift ended';
  return 'this shift';
}
