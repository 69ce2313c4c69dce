import { COMMAND_KEYS, STREAM_KEYS } from '../../../shared/contract/channels.ts';
import { commands } from '../../../shared/contract/commands.ts';
import type { CommandSpec } from '../../../shared/contract/spec.ts';
import { streams } from '../../../shared/contract/streams.ts';

describe('contract', () => {
  it('lists the same command keys for the preload as the contract has', () => {
    expect([...COMMAND_KEYS].sort()).toEqual(Object.keys(commands).sort());
  });

  it('lists the same stream keys for the preload as the contract has', () => {
    expect([...STREAM_KEYS].sort()).toEqual(Object.keys(streams).sort());
  });

  it('names commands domain.verb and streams domain.noun, lower camel case', () => {
    for (const key of [...Object.keys(commands), ...Object.keys(streams)]) expect(key).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
  });

  it('gives every command a summary and a non-empty access rule', () => {
    for (const [key, spec] of Object.entries(commands as Record<string, CommandSpec>)) {
      expect(spec.summary, key).not.toBe('');
      expect(spec.access === 'anyone' || spec.access.length > 0, key).toBe(true);
    }
  });
});
