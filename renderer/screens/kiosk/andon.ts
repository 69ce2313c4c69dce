import type { MachineState } from '../../../shared/domain/line.ts';

/**
 * Andon colours of a wall board (the plant-floor convention, seen from across the hall): green
 * running, amber waiting (idle, starved, blocked, unknown), red stopped or faulted, blue planned
 * (setup, planned stop), magenta hatched when the board has no live data. Each is also in words.
 */
export type Andon = 'run' | 'wait' | 'stop' | 'planned' | 'nodata';

export const ANDON_OF: Readonly<Record<MachineState, Andon>> = {
  running: 'run',
  idle: 'wait',
  starved: 'wait',
  blocked: 'wait',
  unknown: 'wait',
  stopped: 'stop',
  faulted: 'stop',
  setup: 'planned',
  planned_stop: 'planned',
};

export const andonOf = (s: MachineState): Andon => ANDON_OF[s];
