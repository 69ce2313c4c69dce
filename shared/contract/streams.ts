import type { z } from 'zod';
import { alertsStreams } from './domains/alerts.ts';
import { casesStreams } from './domains/cases.ts';
import { connectivityStreams } from './domains/connectivity.ts';
import { downtimeStreams } from './domains/downtime.ts';
import { holdsStreams } from './domains/holds.ts';
import { hubStreams } from './domains/hub.ts';
import { linesStreams } from './domains/lines.ts';
import { outboxStreams } from './domains/outbox.ts';
import { signalsStreams } from './domains/signals.ts';
import { systemStreams } from './domains/system.ts';

/** Every stream the core publishes, `domain.noun`. */
export const streams = {
  ...systemStreams,
  ...linesStreams,
  ...downtimeStreams,
  ...outboxStreams,
  ...alertsStreams,
  ...casesStreams,
  ...holdsStreams,
  ...connectivityStreams,
  ...signalsStreams,
  ...hubStreams,
} as const;

export type StreamKey = keyof typeof streams;
export type StreamPayload<S extends StreamKey> = z.output<(typeof streams)[S]['payload']>;

export const isStreamKey = (key: string): key is StreamKey => Object.hasOwn(streams, key);
