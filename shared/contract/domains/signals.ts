import { z } from 'zod';
import { LineSignalDefinitions, LiveSignals } from '../../domain/signal.ts';
import { defineCommands, defineStreams } from '../spec.ts';

export const SignalDefinitions = z.object({
  lines: z.array(LineSignalDefinitions),
});
export type SignalDefinitions = z.infer<typeof SignalDefinitions>;

export const signalsCommands = defineCommands({
  'signals.list': {
    req: z.object({}).strict(),
    res: SignalDefinitions,
    access: 'anyone',
    summary: "List every line's process signals: label, unit, decimals and normal band",
  },
  'signals.snapshot': {
    req: z.object({}).strict(),
    res: LiveSignals,
    access: 'anyone',
    summary: 'Read the latest process signal values of every line',
  },
  'signals.watch': {
    // The lines whose signals this screen shows (the line view: its one line; every other screen: none).
    // It replaces what the screen asked for before; the core uses it only to choose what live.signals carries.
    req: z.object({ lineIds: z.array(z.string().min(1).max(100)).max(50) }).strict(),
    res: LiveSignals,
    access: 'anyone',
    summary: "Read a line's process signals live on this screen (answers with their latest values, then sends them as they change)",
  },
});

export const signalsStreams = defineStreams({
  'live.signals': {
    payload: LiveSignals,
    summary: 'The process signal values of the lines some screen shows (signals.watch), coalesced once per tick (never one message per tag change)',
  },
});
