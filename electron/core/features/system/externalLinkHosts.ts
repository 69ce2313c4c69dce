import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';

/**
 * Hosts the desktop shell may open links to in the system browser (system.info `externalLinkHosts`):
 * the CMMS's, because a maintenance case in the console links to the case in the CMMS. Only an https
 * base URL counts (the shell opens nothing else), spelt as the WHATWG parser spells it (lower case,
 * punycode), so the shell compares like with like. The ERP is not listed: nothing links into it.
 */
export function externalLinkHosts(config: Pick<PlantConfig, 'cmms'>): string[] {
  const base = config.cmms?.baseUrl;
  if (!base) return [];
  try {
    const u = new URL(base);
    return u.protocol === 'https:' && u.hostname !== '' ? [u.hostname] : [];
  } catch {
    return [];
  }
}
