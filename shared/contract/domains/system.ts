import { z } from 'zod';
import { Actor } from '../../domain/actor.ts';
import { LangSchema, MessageSchema } from '../../i18n/index.ts';
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
  /** The plant's language (plant.language, or serve's --language): the screens speak it before sign-in. */
  language: LangSchema.optional(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

const Empty = z.object({}).strict();

/** A part of the core as a person sees it (system.health). */
export const ModuleHealthEntry = z.object({
  module: z.string().max(64),
  label: z.string().max(120),
  /** ok; degraded: some of its work fails and is skipped, the rest runs; stopped: it could not start. */
  state: z.enum(['ok', 'degraded', 'stopped']),
  since: z.number().int(),
  /** Plain words; empty when ok. */
  message: z.string().max(600),
});
export type ModuleHealthEntry = z.infer<typeof ModuleHealthEntry>;

export const HealthSnapshot = z.object({
  at: z.number().int(),
  modules: z.array(ModuleHealthEntry).max(64),
});
export type HealthSnapshot = z.infer<typeof HealthSnapshot>;

/** One answer of a connection check, in a line a plant administrator understands. ok null: not checked. */
export const ConnectionCheckLine = z.object({
  step: z.enum(['network', 'signIn', 'definition', 'readBack']),
  ok: z.boolean().nullable(),
  text: z.string().max(600),
  /** The line as a catalogue message (what happened, what to do), shown in the reader's language. */
  msg: MessageSchema.optional(),
  /** What the library said (socket or TLS code), for the administrator's Details. */
  technical: z.string().max(2000).optional(),
});
export type ConnectionCheckLine = z.infer<typeof ConnectionCheckLine>;
export const ConnectionCheckReport = z.object({
  checkedAt: z.number().int().nullable(),
  targets: z
    .array(
      z.object({
        target: z.enum(['erp', 'cmms']),
        label: z.string().max(120),
        address: z.string().max(300),
        route: z.string().max(300),
        lines: z.array(ConnectionCheckLine).max(16),
      }),
    )
    .max(4),
});
export type ConnectionCheckReport = z.infer<typeof ConnectionCheckReport>;

export const systemCommands = defineCommands({
  'system.checkConnections': {
    req: z.object({ recheck: z.boolean().default(false) }).strict(),
    res: ConnectionCheckReport,
    access: ['admin', 'supervisor'],
    summary: 'Check each ERP and CMMS connection (network, sign-in, service definition, read-back); recheck or read the last result',
  },
  'system.info': {
    req: Empty,
    res: SystemInfo,
    access: 'anyone',
    summary: 'Read the product version and the plant it runs on',
  },
  'system.health': {
    req: Empty,
    res: HealthSnapshot,
    access: 'anyone',
    summary: 'Read which parts of the core work and which are degraded',
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
      /** English text (logs, a screen that does not translate). */
      message: z.string(),
      /** The same as a catalogue message, shown in the reader's language. */
      msg: MessageSchema.optional(),
    }),
    summary: 'Messages the core wants a person to see (core restarted, configuration problem)',
  },
  'system.storage': {
    payload: z.object({
      at: z.number(),
      state: z.enum(['ok', 'full', 'readonly', 'damaged']),
      /** Plain words for every screen (where, how much is needed, what to do); null when all is well. */
      message: z.string().nullable(),
      /** The same as a catalogue message: show it in the reader's language (tMessage(msg, message)). */
      msg: MessageSchema.optional(),
    }),
    summary: 'Whether the console can save: disk full, data folder read-only or database damaged (re-sent while it lasts)',
  },
  'system.health': {
    payload: HealthSnapshot,
    summary: 'Which parts of the core work, and which failed and are skipped (degraded) while the rest runs',
  },
});
