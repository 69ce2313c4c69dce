/**
 * The demo plant as a pure function of the tick index: no clock, no randomness, no I/O.
 * The simulator server (DemoPlant.ts) and the tests both ask this model, so a test can predict
 * every value the server publishes after `advance(n)`.
 *
 * Conventions:
 * - `machineState` at tick t is the state *during* tick t (the line's script, cycling).
 * - Counters at tick t count what was produced in ticks 0 … t-1, so they grow only across ticks
 *   whose state is Running (1).
 * - A tick stands for one second of line time: a line running at 120 parts/min makes 2 parts a tick.
 */

export const DEMO_NAMESPACE_URI = 'urn:plant-console:demo-plant';

/** The vendor's machine state codes, as the demo plant config maps them. */
export const DEMO_STATE = {
  running: 1,
  idle: 2,
  stopped: 3,
  faulted: 4,
  starved: 5,
  blocked: 6,
  setup: 7,
  plannedStop: 8,
  /** Not in any state map: emitted only when `unmappedStates` is asked for. */
  unmapped: 99,
} as const;

const UINT32 = 2 ** 32;

/**
 * The variables of one line, by the `s=` id suffix used in the address space (`Line{n}.{name}`). The last three
 * are process values (demoProcessSignals.ts).
 */
export const LINE_VARIABLES = ['GoodCount', 'RejectCount', 'MachineState', 'Speed', 'CurrentOrder', 'HoldInterlock', 'Temperature', 'Pressure', 'MotorCurrent'] as const;
export type LineVariable = (typeof LINE_VARIABLES)[number];

/** `s=` identifier of a line variable, e.g. `Line2.GoodCount`. Lines are numbered from 1. */
export function demoNodeId(line: number, variable: LineVariable): string {
  return `Line${line}.${variable}`;
}

/** The `nsu=` node reference the plant config uses for a line variable. */
export function demoNodeRef(line: number, variable: LineVariable): string {
  return `nsu=${DEMO_NAMESPACE_URI};s=${demoNodeId(line, variable)}`;
}

interface Segment {
  /** Vendor state code. */
  state: number;
  ticks: number;
  /** Parts per minute while running; defaults to the line's nominal speed. */
  speed?: number;
  /** This segment turns into the unmapped code 99 when `unmappedStates` is on (never a running one). */
  unmappedSlot?: boolean;
}

interface LineScript {
  nominalSpeed: number;
  /** One reject in every `rejectEvery` parts made. */
  rejectEvery: number;
  segments: readonly Segment[];
}

const S = DEMO_STATE;

/** Three different, mostly running scripts; a fourth and further lines reuse them shifted. */
const SCRIPTS: readonly LineScript[] = [
  {
    nominalSpeed: 120,
    rejectEvery: 50,
    segments: [
      { state: S.running, ticks: 90 },
      { state: S.starved, ticks: 10 },
      { state: S.running, ticks: 120 },
      { state: S.faulted, ticks: 15 },
      { state: S.running, ticks: 60 },
      { state: S.idle, ticks: 8, unmappedSlot: true },
      { state: S.running, ticks: 40, speed: 100 },
      { state: S.setup, ticks: 20 },
    ],
  },
  {
    nominalSpeed: 90,
    rejectEvery: 40,
    segments: [
      { state: S.running, ticks: 60 },
      { state: S.blocked, ticks: 12 },
      { state: S.running, ticks: 100, speed: 80 },
      { state: S.stopped, ticks: 10, unmappedSlot: true },
      { state: S.running, ticks: 80 },
      { state: S.plannedStop, ticks: 30 },
      { state: S.running, ticks: 30 },
      { state: S.setup, ticks: 15 },
    ],
  },
  {
    nominalSpeed: 60,
    rejectEvery: 60,
    segments: [
      { state: S.running, ticks: 45 },
      { state: S.idle, ticks: 20, unmappedSlot: true },
      { state: S.running, ticks: 70 },
      { state: S.starved, ticks: 8 },
      { state: S.running, ticks: 90 },
      { state: S.faulted, ticks: 25 },
      { state: S.running, ticks: 60 },
      { state: S.setup, ticks: 25 },
    ],
  },
];

export interface PlantModelOptions {
  /** Number of lines, 1 … 50. Default 3. */
  lines?: number;
  /** Good count at tick 0 (UInt32; e.g. 2^32 − 10 to test wrap-around). One number for all lines or one per line. */
  goodCountStart?: number | readonly number[];
  /** Reject count at tick 0. Default 0. */
  rejectCountStart?: number | readonly number[];
  /** Emit the unmapped state code 99 in one stop segment per line. Default false. */
  unmappedStates?: boolean;
}

export interface LineSample {
  /** 1-based. */
  line: number;
  tick: number;
  goodCount: number;
  rejectCount: number;
  machineState: number;
  /** Parts per minute; 0 unless running. */
  speed: number;
  currentOrder: string;
}

export interface PlantModel {
  readonly lineCount: number;
  /** Length of a line's state cycle, in ticks. */
  cycleLength(line: number): number;
  /** The whole plant at a tick. */
  sampleAt(tick: number): LineSample[];
  /**
   * One line at a tick. With `resetAtTick`, counters count from 0 at that tick (a counter reset on the
   * controller), ignoring the start offsets.
   */
  lineAt(line: number, tick: number, resetAtTick?: number): LineSample;
}

interface CompiledLine {
  script: LineScript;
  /** Per tick of the cycle: the state code emitted. */
  states: Int32Array;
  speeds: Float64Array;
  /** Per tick of the cycle: order index increment (1 from the setup segment on). */
  orderStep: Uint8Array;
  /** prefix[i] = parts×60 made in cycle ticks 0 … i-1 (integers: speed is parts per minute, a tick is 1 s). */
  prefix: Float64Array;
  goodStart: number;
  rejectStart: number;
}

export function createPlantModel(options: PlantModelOptions = {}): PlantModel {
  const lineCount = options.lines ?? 3;
  if (!Number.isInteger(lineCount) || lineCount < 1 || lineCount > 50) throw new RangeError(`lines must be 1 … 50, got ${lineCount}`);
  const pick = (v: number | readonly number[] | undefined, i: number): number => {
    const x = typeof v === 'number' ? v : (v?.[i] ?? 0);
    if (!Number.isInteger(x) || x < 0 || x >= UINT32) throw new RangeError(`counter start must be a UInt32, got ${x}`);
    return x;
  };

  const compiled: CompiledLine[] = [];
  for (let i = 0; i < lineCount; i++) {
    const base = SCRIPTS[i % SCRIPTS.length]!;
    // Lines beyond the third reuse a script, rotated so that they do not stop in lock-step.
    const rot = Math.floor(i / SCRIPTS.length) % base.segments.length;
    const segments = rot === 0 ? base.segments : [...base.segments.slice(rot), ...base.segments.slice(0, rot)];
    const script: LineScript = { ...base, segments };
    const length = segments.reduce((n, s) => n + s.ticks, 0);
    const states = new Int32Array(length);
    const speeds = new Float64Array(length);
    const orderStep = new Uint8Array(length);
    const prefix = new Float64Array(length + 1);
    let t = 0;
    let afterSetup = 0;
    for (const seg of segments) {
      if (seg.state === S.setup) afterSetup = 1;
      const state = seg.unmappedSlot && options.unmappedStates ? S.unmapped : seg.state;
      const speed = seg.state === S.running ? (seg.speed ?? script.nominalSpeed) : 0;
      for (let k = 0; k < seg.ticks; k++, t++) {
        states[t] = state;
        speeds[t] = speed;
        orderStep[t] = afterSetup;
        prefix[t + 1] = prefix[t]! + speed;
      }
    }
    compiled.push({ script, states, speeds, orderStep, prefix, goodStart: pick(options.goodCountStart, i), rejectStart: pick(options.rejectCountStart, i) });
  }

  const get = (line: number): CompiledLine => {
    const c = compiled[line - 1];
    if (!c) throw new RangeError(`line ${line} does not exist (1 … ${lineCount})`);
    return c;
  };

  /** Parts×60 made in ticks 0 … tick-1. */
  const sixtieths = (c: CompiledLine, tick: number): number => {
    const len = c.states.length;
    const cycles = Math.floor(tick / len);
    return cycles * c.prefix[len]! + c.prefix[tick - cycles * len]!;
  };
  const counts = (c: CompiledLine, tick: number): { parts: number; rejects: number } => {
    const parts = Math.floor(sixtieths(c, tick) / 60);
    return { parts, rejects: Math.floor(parts / c.script.rejectEvery) };
  };

  const lineAt = (line: number, tick: number, resetAtTick?: number): LineSample => {
    if (!Number.isInteger(tick) || tick < 0) throw new RangeError(`tick must be a non-negative integer, got ${tick}`);
    const c = get(line);
    const len = c.states.length;
    const pos = tick % len;
    const now = counts(c, tick);
    let good: number;
    let reject: number;
    if (resetAtTick !== undefined && resetAtTick <= tick) {
      const then = counts(c, resetAtTick);
      good = now.parts - now.rejects - (then.parts - then.rejects);
      reject = now.rejects - then.rejects;
    } else {
      good = c.goodStart + now.parts - now.rejects;
      reject = c.rejectStart + now.rejects;
    }
    const orderIndex = Math.floor(tick / len) + c.orderStep[pos]!;
    return {
      line,
      tick,
      goodCount: good % UINT32,
      rejectCount: reject % UINT32,
      machineState: c.states[pos]!,
      speed: c.speeds[pos]!,
      currentOrder: String(1_000_000 + line * 1_000 + ((orderIndex * 7 + 123) % 1_000)),
    };
  };

  return {
    lineCount,
    cycleLength: (line) => get(line).states.length,
    lineAt,
    sampleAt: (tick) => compiled.map((_, i) => lineAt(i + 1, tick)),
  };
}
