export interface AttachArgs {
  hubUrl: string;
  pairCode?: string;
  fingerprint?: string;
}

/**
 * `--attach https://hub:port [--pair CODE --fingerprint SHA256]` on the desktop app's command line (also
 * `--attach=…`). Pure, so it is tested without Electron. Null: a standalone console, as before.
 */
export function parseAttachArgv(argv: readonly string[]): AttachArgs | null {
  const value = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const a = argv[i]!;
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
  };
  const hubUrl = value('attach');
  if (!hubUrl) return null;
  const pairCode = value('pair');
  const fingerprint = value('fingerprint');
  return { hubUrl, ...(pairCode ? { pairCode } : {}), ...(fingerprint ? { fingerprint } : {}) };
}
