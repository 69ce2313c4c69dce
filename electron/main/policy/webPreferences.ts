/**
 * The lint for the webPreferences of every window the app creates. Pure: test/electron/shell/T28.test.ts
 * runs it on what mainWindow.ts actually hands to BrowserWindow (the literal stays in mainWindow.ts, where
 * electronegativity can read it too). The rules follow Electron's security checklist; each option must be
 * explicit even where it is today's default, so a changed default in a later Electron cannot loosen the app.
 */
const REQUIRED: ReadonlyArray<readonly [string, unknown]> = [
  ['contextIsolation', true],
  ['sandbox', true],
  ['nodeIntegration', false],
  ['nodeIntegrationInWorker', false],
  ['nodeIntegrationInSubFrames', false],
  ['webSecurity', true],
  ['allowRunningInsecureContent', false],
  ['webviewTag', false],
  ['experimentalFeatures', false],
];
/**
 * Options that widen what a page can do, or move it out of the default session (which is the one
 * hardenSession() locks down); any value at all is a violation.
 */
const FORBIDDEN = ['enableBlinkFeatures', 'additionalArguments', 'enableRemoteModule', 'session', 'partition', 'affinity'] as const;

/**
 * Every way `prefs` falls short, as readable strings; [] when it is as designed. Options must be set
 * explicitly (an absent key is a violation), and the preload, if any, must be ours.
 */
export function webPreferencesViolations(prefs: unknown, ownPreloadPath: string): string[] {
  if (typeof prefs !== 'object' || prefs === null) return ['webPreferences missing'];
  const p = prefs as Record<string, unknown>;
  const out: string[] = [];
  for (const [key, want] of REQUIRED) if (p[key] !== want) out.push(`${key} must be ${String(want)} (is ${String(p[key])})`);
  for (const key of FORBIDDEN) if (key in p && p[key] !== undefined) out.push(`${key} must not be set`);
  if ('preload' in p && p['preload'] !== ownPreloadPath) out.push(`preload must be ours (${ownPreloadPath}), is ${String(p['preload'])}`);
  const disabled = typeof p['disableBlinkFeatures'] === 'string' ? p['disableBlinkFeatures'].split(',').map((f) => f.trim()) : [];
  if (!disabled.includes('Auxclick')) out.push('disableBlinkFeatures must include Auxclick');
  return out;
}
