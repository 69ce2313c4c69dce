import { DEMO_STATE, type LineSample, type PlantModel } from './plantModel.ts';

/**
 * Process values every demo line publishes beside its counts, as a pure function of the line's sample
 * (and its script ahead), so tests predict them like the counters. Each one leaves its normal band for a
 * reason a supervisor would recognise, and only then:
 * - `Temperature` (°C, normal up to 58): drifts around 48; climbs over the 15 ticks before a scripted
 *   fault (the drive overheats, then trips) and stays hot at 62 while the line is Faulted (also for an
 *   injected fault).
 * - `Pressure` (bar, normal 3.5 … 5.0): supply pressure around 4.2; drops to 3.1 while the line is
 *   Starved and rises to 5.2 while it is Blocked.
 * - `MotorCurrent` (A, normal up to 16): follows the speed while running, 2 A standing by (idle,
 *   starved, blocked), 0 A stopped.
 * Node ids `Line{n}.Temperature`, `Line{n}.Pressure`, `Line{n}.MotorCurrent`, Double.
 */

export const PROCESS_SIGNALS = ['Temperature', 'Pressure', 'MotorCurrent'] as const;
export type ProcessSignal = (typeof PROCESS_SIGNALS)[number];
export type ProcessValues = Readonly<Record<ProcessSignal, number>>;

/** Ticks before a scripted fault over which the temperature climbs. */
const WARM_UP_TICKS = 15;
const BASE_TEMP = 48;
const FAULT_TEMP = 62;

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function processValues(model: PlantModel, s: LineSample): ProcessValues {
  return {
    Temperature: round2(temperature(model, s)),
    Pressure: round2(pressure(s)),
    MotorCurrent: round2(motorCurrent(s)),
  };
}

function temperature(model: PlantModel, s: LineSample): number {
  const drift = 1.5 * Math.sin((s.tick + 11 * s.line) / 37);
  if (s.machineState === DEMO_STATE.faulted) return FAULT_TEMP + drift / 3;
  // The script's next fault within the warm-up window (injected faults are not foreseen: they just trip).
  for (let k = 1; k <= WARM_UP_TICKS; k++) {
    if (model.lineAt(s.line, s.tick + k).machineState === DEMO_STATE.faulted) {
      return BASE_TEMP + drift + ((FAULT_TEMP - BASE_TEMP) * (WARM_UP_TICKS + 1 - k)) / WARM_UP_TICKS;
    }
  }
  return BASE_TEMP + drift;
}

function pressure(s: LineSample): number {
  if (s.machineState === DEMO_STATE.starved) return 3.1;
  if (s.machineState === DEMO_STATE.blocked) return 5.2;
  return 4.2 + 0.15 * Math.sin((s.tick + 5 * s.line) / 17);
}

function motorCurrent(s: LineSample): number {
  if (s.machineState === DEMO_STATE.running) return 4 + 0.08 * s.speed + 0.2 * Math.sin((s.tick + s.line) / 5);
  if (s.machineState === DEMO_STATE.idle || s.machineState === DEMO_STATE.starved || s.machineState === DEMO_STATE.blocked) return 2;
  return 0;
}
