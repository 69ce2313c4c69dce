import { z } from 'zod';
import { Actor } from '../../domain/actor.ts';
import { defineCommands, defineStreams } from '../spec.ts';

export const PlantMode = z.enum(['demo', 'production']);
export type PlantMode = z.infer<typeof PlantMode>;

export const SystemInfo = z.object({
  productName: z.string(),
  version: z.string(),
  plantId: z.string(),
  plantName: z.string(),
  mode: PlantMode,
  timeZone: z.string(),
  startedAt: z.number(),
  host: z.enum(['serve', 'desktop', 'test']),
  /**
   * Hosts whose https links the desktop shell may open in the system browser: the CMMS's, from the
   * plant configuration. Lower-case ASCII (punycode). Absent or empty: none.
   */
  externalLinkHosts: z.array(z.string().max(253)).max(16).optional(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

const Empty = z.object({}).strict();

export const systemCommands = defineCommands({
  'system.info': {
    req: Empty,
    res: SystemInfo,
    access: 'anyone',
    summary: 'Read the product version and the plant it runs on',
  },
  'session.current': {
    req: Empty,
    res: Actor,
    access: 'anyone',
    summary: 'Read who is signed in on this screen',
  },
});

export const systemStreams = defineStreams({
  'system.notice': {
    payload: z.object({
      at: z.number(),
      level: z.enum(['info', 'warning', 'error']),
      message: z.string(),
    }),
    summary: 'Messages the core wants a person to see (core restarted, configuration problem)',
  },
  'system.storage': {
    payload: z.object({
      at: z.number(),
      state: z.enum(['ok', 'full', 'readonly', 'damaged']),
      /** Plain words for every screen (where, how much is needed, what to do); null when all is well. */
      message: z.string().nullable(),
    }),
    summary: 'Whether the console can save: disk full, data folder read-only or database damaged (re-sent while it lasts)',
  },
});
