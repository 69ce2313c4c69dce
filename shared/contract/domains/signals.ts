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
    summary: 'Read the latest process signal values of every line (what live.signals last sent)',
  },
});

export const signalsStreams = defineStreams({
  'live.signals': {
    payload: LiveSignals,
    summary: "Every line's process signal values, coalesced once per tick (never one message per tag change)",
  },
});
