/**
 * The Electron fuses the packager must flip (electron-builder `electronFuses`), as designed in
 * docs/security.md. Shared by builderConfig.test.ts and T28.test.ts.
 */
export const EXPECTED_FUSES: Readonly<Record<string, boolean>> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
};

/** Every fuse that is missing or set otherwise than designed. */
export function fuseMismatches(actual: unknown): string[] {
  const a = typeof actual === 'object' && actual !== null ? (actual as Record<string, unknown>) : {};
  return Object.entries(EXPECTED_FUSES)
    .filter(([k, v]) => a[k] !== v)
    .map(([k, v]) => `${k}: want ${String(v)}, is ${String(a[k])}`);
}
