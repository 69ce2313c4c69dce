import { z } from 'zod';

/**
 * The console's machine states. Controllers speak their own codes (vendor enums, PackML, OPC 40001);
 * the plant configuration maps each raw code to one of these. Persisted: never renamed.
 */
export const MachineState = z.enum([
  'running',
  'idle',
  'stopped',
  'faulted',
  'starved',
  'blocked',
  'setup',
  'planned_stop',
  'unknown',
]);
export type MachineState = z.infer<typeof MachineState>;

export const MACHINE_STATE_LABELS: Readonly<Record<MachineState, string>> = {
  running: 'Running',
  idle: 'Idle',
  stopped: 'Stopped',
  faulted: 'Faulted',
  starved: 'Starved',
  blocked: 'Blocked',
  setup: 'Setup',
  planned_stop: 'Planned stop',
  unknown: 'Unknown',
};

/** Quality of a value as OPC UA reports it (top two bits of the status code). */
export const Quality = z.enum(['good', 'uncertain', 'bad']);
export type Quality = z.infer<typeof Quality>;

/** How the console is connected to the controller behind a line. */
export const LinkState = z.enum(['connecting', 'connected', 'reconnecting', 'disconnected', 'misconfigured']);
export type LinkState = z.infer<typeof LinkState>;

/** One counter as the screen shows it: value plus how far it can be trusted. */
export const CounterReading = z.object({
  value: z.number().int().nonnegative().nullable(),
  quality: Quality,
  /** Controller's source timestamp (ms), falling back to the server timestamp. */
  at: z.number().nullable(),
});
export type CounterReading = z.infer<typeof CounterReading>;

/** One ratio 0…1 of the OEE breakdown; null when it is not defined yet (nothing planned, nothing made). */
const Ratio = z.number().nonnegative().nullable();

/**
 * The stretch of time a production figure covers, with the words the screens print beside it
 * ("this shift", "previous shift", "since the order started", "today"): a figure never stands alone.
 */
export const Period = z.object({
  kind: z.enum(['shift', 'order', 'today']),
  label: z.string(),
  start: z.number(),
  /** The end of the figures: the period's end, or now while it runs. */
  end: z.number(),
});
export type Period = z.infer<typeof Period>;

/**
 * Production this shift, as the overview tile shows it. Produced by the production module about once
 * a second and carried in every live.lines message.
 */
export const LineProduction = z.object({
  /** The controller's current order number; null when it reports none. */
  orderId: z.string().nullable(),
  /** Parts (good + reject) per minute over the last minute; null before enough data. */
  ratePerMin: z.number().nonnegative().nullable(),
  /** Target of the running product (or the line's). */
  targetRatePerMin: z.number().nonnegative(),
  shift: z.object({ id: z.string(), name: z.string(), start: z.number(), end: z.number() }).nullable(),
  /** This shift so far. */
  good: z.number().int().nonnegative(),
  reject: z.number().int().nonnegative(),
  availability: Ratio,
  performance: Ratio,
  quality: Ratio,
  oee: Ratio,
  /** The stop the line is in now, if any. */
  downtime: z
    .object({
      eventId: z.number().int().positive(),
      state: MachineState,
      since: z.number(),
      coded: z.boolean(),
      reasonLabel: z.string().nullable(),
      /** Still shorter than the micro-stop threshold. */
      micro: z.boolean(),
      noData: z.boolean(),
    })
    .nullable(),
  /** Stops this shift that still need a reason. */
  uncodedCount: z.number().int().nonnegative(),
  /** What good/reject/OEE cover (the running shift); the same figures the shift view and line view show for it. */
  period: Period.optional(),
  /** Set when a figure cannot be right (performance over 100 %): shown with the figure, in words. */
  warning: z.string().nullable().optional(),
  /** Implausible counter jumps held out of this shift's figures, waiting for a supervisor. */
  heldParts: z.number().int().nonnegative().optional(),
  /** Some of this shift's counts were made while the link was down and are attributed to the gap. */
  gap: z.boolean(),
});
export type LineProduction = z.infer<typeof LineProduction>;

/** What the overview needs to draw one line tile. Produced by the core once per tick for all lines. */
export const LineSnapshot = z.object({
  lineId: z.string(),
  name: z.string(),
  controllerId: z.string(),
  link: LinkState,
  /** True when no notification or keep-alive arrived within the freshness window: last values are not live. */
  stale: z.boolean(),
  /** Mapped state; 'unknown' while disconnected, never the last known state. */
  state: MachineState,
  /** Raw controller code behind `state`, shown when it is not mapped. */
  rawState: z.union([z.number(), z.string(), z.null()]),
  stateSince: z.number().nullable(),
  good: CounterReading,
  reject: CounterReading,
  insecure: z.boolean(),
  /**
   * Null before the first figures. In a live.lines message, absent for a line whose figures did not change
   * since the line's previous message (the screen keeps the ones it has; they change about once a second);
   * a lines.snapshot answer always carries them. Also absent when the core has no production module.
   */
  production: LineProduction.nullable().optional(),
});
export type LineSnapshot = z.infer<typeof LineSnapshot>;
