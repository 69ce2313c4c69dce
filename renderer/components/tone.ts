import type { LinkState, MachineState } from '../../shared/domain/line.ts';

/**
 * ISA-101 palette roles. Normal is grey: colour appears only when something needs a person.
 * `alarm` (red) stopped/faulted, `warning` (amber) waiting states and unmapped codes, `nodata`
 * (magenta outline, hatched) values that are not live. Every tone is also spelt out in text.
 */
export type Tone = 'normal' | 'warning' | 'alarm' | 'nodata';

export const MACHINE_STATE_TONES: Readonly<Record<MachineState, Tone>> = {
  running: 'normal',
  setup: 'normal',
  planned_stop: 'normal',
  idle: 'warning',
  starved: 'warning',
  blocked: 'warning',
  unknown: 'warning',
  stopped: 'alarm',
  faulted: 'alarm',
};

export const LINK_LABELS: Readonly<Record<LinkState, string>> = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  misconfigured: 'Misconfigured',
};

export const LINK_TONES: Readonly<Record<LinkState, Tone>> = {
  connecting: 'nodata',
  connected: 'normal',
  reconnecting: 'nodata',
  disconnected: 'nodata',
  misconfigured: 'alarm',
};
