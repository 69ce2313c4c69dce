import { type ChildLike, createCoreHost } from '../../../electron/main/coreHost.ts';
import { hubNotice } from '../../../electron/main/policy/hubMode.ts';
import { languageOfAnswer, notificationText, shellLanguage, shellLanguageState, shellText } from '../../../electron/main/shellText.ts';
import { isHostToMain } from '../../../shared/contract/hostWire.ts';
import { setupUpdateChecks, type UpdaterLike } from '../../../electron/main/updater.ts';

// Issue 18: the desktop shell's notices in the person's language (namespace `shell`), chosen without Electron.
describe('the shell’s language', () => {
  it('the last person’s own language, else the plant’s, else the operating system’s', () => {
    expect(shellLanguage({ osLocale: 'de-AT' })).toBe('de');
    expect(shellLanguage({ osLocale: 'en-US' })).toBe('en');
    expect(shellLanguage({ osLocale: 'fr-FR' })).toBe('en');
    expect(shellLanguage({ osLocale: 'en-US', plant: 'de' })).toBe('de');
    expect(shellLanguage({ osLocale: 'de-DE', plant: 'de', person: 'en' })).toBe('en');
    expect(shellLanguage({ osLocale: 'en-GB', plant: 'de', person: null })).toBe('de');
  });

  it('learns it from the answers it passes on: system.info the plant’s, a session answer the person’s; a sign-out keeps the last', () => {
    expect(languageOfAnswer('system.info', { ok: true, value: { language: 'de', plant: 'x' } })).toEqual({ plant: 'de' });
    expect(languageOfAnswer('auth.signIn', { ok: true, value: { signedIn: true, language: 'en' } })).toEqual({ person: 'en' });
    expect(languageOfAnswer('auth.setLanguage', { ok: true, value: { signedIn: true, language: null } })).toEqual({ person: null });
    expect(languageOfAnswer('auth.signOut', { ok: true, value: { signedIn: false } })).toBeNull();
    expect(languageOfAnswer('auth.signIn', { ok: false, error: { code: 'FORBIDDEN' } })).toBeNull();
    expect(languageOfAnswer('lines.list', { ok: true, value: { language: 'en', signedIn: true } })).toBeNull();
    const s = shellLanguageState('en-US');
    expect(s.lang()).toBe('en');
    s.observe('system.info', { ok: true, value: { language: 'de' } });
    expect(s.lang()).toBe('de');
    expect(s.text('core.restarted')).toMatch(/^Der Kern der Konsole wurde neu gestartet/);
    s.observe('auth.signIn', { ok: true, value: { signedIn: true, language: 'en' } });
    s.observe('auth.signOut', { ok: true, value: { signedIn: false } });
    expect(s.text('core.restarted')).toMatch(/^The console core was restarted/);
  });
});

describe('the shell’s notices in German', () => {
  const de = shellText('de');

  it('a crashed and restarted core, with the exit code but not the core’s own words', () => {
    vi.useFakeTimers();
    try {
      const children: { emit(m: unknown): void; die(code: number): void }[] = [];
      const streams: { level: string; message: string }[] = [];
      const host = createCoreHost({
        spawn: () => {
          const msg: ((m: unknown) => void)[] = [];
          const exit: ((c: number) => void)[] = [];
          const c: ChildLike & { emit(m: unknown): void; die(code: number): void } = { postMessage() {}, kill() {}, onMessage: (cb) => void msg.push(cb), onExit: (cb) => void exit.push(cb), emit: (m) => msg.forEach((cb) => cb(m)), die: (code) => exit.forEach((cb) => cb(code)) };
          children.push(c);
          return c;
        },
        init: () => ({ configPath: '/cfg.json', dataDir: '/data', version: '1', logLevel: 'info', secretsDescription: 'memory' }),
        secrets: { read: async () => ({ ok: false, error: 'NOT_FOUND' }) as never, write: async () => ({ ok: true, value: undefined }) as never, describe: () => 'memory' },
        notify() {},
        onStream: (stream, payload) => void (stream === 'system.notice' && streams.push(payload as { level: string; message: string })),
        log() {},
        text: de,
        backoff: { initialMs: 1000, maxMs: 8000, stableMs: 60_000 },
      });
      host.start();
      children[0]!.emit({ type: 'ready' });
      children[0]!.emit({ type: 'fatal', message: 'TypeError: Cannot read properties of undefined (reading x)' });
      children[0]!.die(1);
      expect(streams.at(-1)).toMatchObject({ level: 'error', message: 'Der Kern der Konsole wurde unerwartet beendet (er hat einen schweren Fehler gemeldet). Er startet in 1 s neu; dieser Bildschirm bleibt offen.' });
      vi.advanceTimersByTime(1000);
      children[1]!.emit({ type: 'ready' });
      expect(streams.at(-1)!.message).toBe('Der Kern der Konsole wurde neu gestartet und läuft wieder. Die Bildschirme beginnen abgemeldet; wartende Einträge sind erhalten.');
      children[1]!.die(139);
      expect(streams.at(-1)!.message).toMatch(/\(Exit-Code 139\)\. Er startet in \d+ s neu/);
      expect(streams.map((s) => s.message).join(' ')).not.toMatch(/TypeError|console core/);
      void host.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('the hub and the update prompt', () => {
    expect(hubNotice({ fingerprint: 'AB:CD', url: 'https://0.0.0.0:8443/?token=t' }, de)).toEqual({ level: 'info', message: 'Diese Konsole ist der Werks-Hub (Port 8443). Konsolen verbinden sich mit seinem Zertifikat SHA-256 AB:CD, das auch unter Einstellungen → Geräte steht. Der Hub endet, wenn diese Konsole geschlossen wird.' });
    const listeners: Record<string, (x: never) => void> = {};
    const updater: UpdaterLike = { autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: true, allowPrerelease: true, on: (e: string, l: (x: never) => void) => void (listeners[e] = l), checkForUpdates: async () => null } as never;
    const notices: string[] = [];
    const u = setupUpdateChecks(updater, { notice: (_l, m) => notices.push(m), log() {}, currentVersion: '1.2.0', text: de, firstDelayMs: 1e9, intervalMs: 1e9 });
    listeners['update-available']!({ version: '1.3.0' } as never);
    u.dispose();
    expect(notices).toEqual(['Version 1.3.0 der Konsole ist verfügbar (dies ist 1.2.0). Es wird nichts automatisch heruntergeladen oder installiert: Bitten Sie den Administrator, sie zu installieren, wenn der Postausgang leer ist.']);
  });
});

describe('the core\'s notification in the person\'s language', () => {
  it('a duplicate in the ERP, from the messages the core sends beside its English text', () => {
    const n = { type: 'notify' as const, title: 'Duplicate in ERP', body: '1 item(s) were applied twice in SAP S/4HANA; the extra records are being cancelled', level: 'critical' as const, msg: { title: { key: 'notice.duplicateTitle', params: { target: 'erp' } }, body: { key: 'notice.duplicateBody', params: { count: 1, system: 'SAP S/4HANA', target: 'erp', repaired: 'yes' } } } };
    expect(isHostToMain(n)).toBe(true);
    expect(isHostToMain({ ...n, msg: { title: 'x' } })).toBe(false);
    expect(notificationText(n, 'de')).toEqual({ title: 'Duplikat im ERP', body: '1 Eintrag wurde in SAP S/4HANA doppelt ausgeführt; die überzähligen Datensätze werden storniert.' });
    expect(notificationText({ title: 'T', body: 'B' }, 'de')).toEqual({ title: 'T', body: 'B' });
  });
});
