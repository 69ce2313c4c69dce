import { z } from 'zod';
import { LineSnapshot, LinkState } from '../../domain/line.ts';
import { defineCommands, defineStreams } from '../spec.ts';

export const LineSummary = z.object({
  lineId: z.string(),
  name: z.string(),
  controllerId: z.string(),
  targetRatePerMin: z.number().nonnegative(),
});
export type LineSummary = z.infer<typeof LineSummary>;

export const ControllerStatus = z.object({
  controllerId: z.string(),
  name: z.string(),
  endpoint: z.string(),
  link: LinkState,
  securityMode: z.string(),
  securityPolicy: z.string(),
  /** SecurityPolicy None: allowed only where the configuration says so; the UI shows it as insecure. */
  insecure: z.boolean(),
  since: z.number(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ControllerStatus = z.infer<typeof ControllerStatus>;

export const LiveLines = z.object({
  at: z.number(),
  lines: z.array(LineSnapshot),
});
export type LiveLines = z.infer<typeof LiveLines>;

export const ConnectionStates = z.object({
  at: z.number(),
  controllers: z.array(ControllerStatus),
});
export type ConnectionStates = z.infer<typeof ConnectionStates>;

export const linesCommands = defineCommands({
  'lines.list': {
    req: z.object({}).strict(),
    res: z.array(LineSummary),
    access: 'anyone',
    summary: 'List the lines of the plant',
  },
  'lines.snapshot': {
    req: z.object({}).strict(),
    res: LiveLines,
    access: 'anyone',
    summary: 'Read the latest live state of every line (what live.lines last sent)',
  },
  'connection.list': {
    req: z.object({}).strict(),
    res: ConnectionStates,
    access: 'anyone',
    summary: 'Read the connection state of every controller',
  },
});

export const linesStreams = defineStreams({
  'live.lines': {
    payload: LiveLines,
    summary: 'Every line, coalesced once per tick (never one message per tag change)',
  },
  'connection.state': {
    payload: ConnectionStates,
    summary: 'Every controller connection, sent when one changes',
  },
});
