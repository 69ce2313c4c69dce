import { SystemInfo } from '../../../shared/contract/domains/system.ts';
import { normalizeHost } from './navigation.ts';

/**
 * The openExternal allow-list, read from the core's `system.info` answer (the core derives it from the
 * plant configuration's CMMS base URL: electron/core/features/system/externalLinkHosts.ts). Anything
 * that is not a valid answer gives an empty list: with no answer, no link leaves the app.
 */
export function externalHostsFromSystemInfo(envelope: unknown): string[] {
  if (typeof envelope !== 'object' || envelope === null || (envelope as { ok?: unknown }).ok !== true) return [];
  const parsed = SystemInfo.safeParse((envelope as { value?: unknown }).value);
  if (!parsed.success) return [];
  return (parsed.data.externalLinkHosts ?? []).map(normalizeHost).filter((h) => h !== '');
}

/** The list the window guards read; replaced whenever the core (re)starts. */
export interface ExternalHostList {
  get(): readonly string[];
  set(hosts: readonly string[]): void;
}

export function externalHostList(): ExternalHostList {
  let hosts: readonly string[] = [];
  return {
    get: () => hosts,
    set: (h) => {
      hosts = [...h];
    },
  };
}
