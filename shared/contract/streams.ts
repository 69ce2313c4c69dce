import type { z } from 'zod';
import { linesStreams } from './domains/lines.ts';
import { systemStreams } from './domains/system.ts';

/** Every stream the core publishes, `domain.noun`. */
export const streams = {
  ...systemStreams,
  ...linesStreams,
} as const;

export type StreamKey = keyof typeof streams;
export type StreamPayload<S extends StreamKey> = z.output<(typeof streams)[S]['payload']>;

export const isStreamKey = (key: string): key is StreamKey => Object.hasOwn(streams, key);
