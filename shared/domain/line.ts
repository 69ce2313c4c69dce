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
});
export type LineSnapshot = z.infer<typeof LineSnapshot>;
