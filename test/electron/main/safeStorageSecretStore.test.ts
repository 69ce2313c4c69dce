import fs from 'node:fs';
import path from 'node:path';
import { type SafeStorageLike, safeStorageSecretStore } from '../../../electron/main/adapters/safeStorageSecretStore.ts';
import { makeTempDir } from '../../fixtures/tempDir.ts';

/** Reversible, visibly not plaintext: enough to prove the store never writes the value itself. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    calls,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (s) => {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('ENC1'), flip(Buffer.from(s, 'utf8'))]);
    },
    decryptStringAsync: async (b) => {
      calls.push('decrypt');
      if (b.subarray(0, 4).toString() !== 'ENC1') throw new Error('bad blob');
      return { result: flip(b.subarray(4)).toString('utf8'), shouldReEncrypt: false };
    },
    getSelectedStorageBackend: () => backend,
  };
}

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir('plant-console-secrets-');
  file = path.join(tmp.dir, 'userData', 'secrets.enc.json');
});
afterEach(() => tmp.cleanup());

describe('safeStorageSecretStore', () => {
  it('round-trips a secret through safeStorage and never writes it in the clear', async () => {
    const store = safeStorageSecretStore(fakeSafeStorage(), { file, platform: 'linux' });
    expect(await store.write('erp.password', 'hunter2 ünïcode')).toEqual({ ok: true, value: undefined });
    expect(await store.read('erp.password')).toEqual({ ok: true, value: 'hunter2 ünïcode' });
    const onDisk = fs.readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, secrets: { 'erp.password': expect.any(String) } });
  });

  it('keeps other secrets when one is written, and a fresh store reads them back', async () => {
    const safe = fakeSafeStorage();
    const a = safeStorageSecretStore(safe, { file, platform: 'linux' });
    await Promise.all([a.write('erp.user', 'u'), a.write('erp.password', 'p'), a.write('cmms.token', 't')]);
    const b = safeStorageSecretStore(safe, { file, platform: 'linux' });
    expect(await b.read('erp.user')).toEqual({ ok: true, value: 'u' });
    expect(await b.read('erp.password')).toEqual({ ok: true, value: 'p' });
    expect(await b.read('cmms.token')).toEqual({ ok: true, value: 't' });
  });

  it('says NOT_FOUND for a secret never written (file missing or not)', async () => {
    const store = safeStorageSecretStore(fakeSafeStorage(), { file, platform: 'linux' });
    expect(await store.read('erp.password')).toEqual({ ok: false, error: 'NOT_FOUND' });
    await store.write('other', 'x');
    expect(await store.read('erp.password')).toEqual({ ok: false, error: 'NOT_FOUND' });
  });

  it.skipIf(process.platform === 'win32')('writes the file with mode 0600', async () => {
    const store = safeStorageSecretStore(fakeSafeStorage(), { file, platform: 'linux' });
    const old = process.umask(0o000);
    try {
      await store.write('erp.password', 'p');
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['secrets.enc.json']); // no temp file left behind
  });

  it("refuses Linux's basic_text backend: nothing is encrypted with a hard-coded key", async () => {
    const safe = fakeSafeStorage('basic_text');
    const warnings: string[] = [];
    const store = safeStorageSecretStore(safe, { file, platform: 'linux', onWarning: (m) => warnings.push(m) });
    expect(await store.write('erp.password', 'p')).toEqual({ ok: false, error: 'UNAVAILABLE' });
    expect(await store.read('erp.password')).toEqual({ ok: false, error: 'UNAVAILABLE' });
    expect(fs.existsSync(file)).toBe(false);
    expect(safe.calls).toEqual([]);
    expect(await store.unavailableReason()).toContain('basic_text');
    expect(store.describe()).toContain('refused');
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('does not look at the Linux backend on other platforms', async () => {
    const store = safeStorageSecretStore(fakeSafeStorage('basic_text'), { file, platform: 'win32' });
    expect(await store.write('erp.password', 'p')).toEqual({ ok: true, value: undefined });
    expect(store.describe()).toContain('DPAPI');
  });

  it('is UNAVAILABLE when safeStorage cannot encrypt, or before the app is ready', async () => {
    expect(await safeStorageSecretStore(fakeSafeStorage('gnome_libsecret', false), { file, platform: 'linux' }).write('a', 'b')).toEqual({ ok: false, error: 'UNAVAILABLE' });
    expect(await safeStorageSecretStore(fakeSafeStorage('unknown'), { file, platform: 'linux' }).write('a', 'b')).toEqual({ ok: false, error: 'UNAVAILABLE' });
  });

  it('refuses names that could not be a credential name', async () => {
    const store = safeStorageSecretStore(fakeSafeStorage(), { file, platform: 'linux' });
    expect(await store.write('../x', 'p')).toEqual({ ok: false, error: 'UNAVAILABLE' });
    expect(await store.write('__proto__', 'p')).toEqual({ ok: false, error: 'UNAVAILABLE' });
    expect(await store.read('')).toEqual({ ok: false, error: 'NOT_FOUND' });
    expect(await store.read('constructor')).toEqual({ ok: false, error: 'NOT_FOUND' });
  });

  it('answers UNAVAILABLE for a blob it cannot decrypt, and moves a damaged file aside on write', async () => {
    const store = safeStorageSecretStore(fakeSafeStorage(), { file, platform: 'linux' });
    await store.write('erp.password', 'p');
    fs.writeFileSync(file, JSON.stringify({ version: 1, secrets: { 'erp.password': Buffer.from('garbage').toString('base64') } }));
    expect(await store.read('erp.password')).toEqual({ ok: false, error: 'UNAVAILABLE' });
    fs.writeFileSync(file, '{not json');
    expect(await store.write('erp.password', 'new')).toEqual({ ok: true, value: undefined });
    expect(await store.read('erp.password')).toEqual({ ok: true, value: 'new' });
    expect(fs.readdirSync(path.dirname(file)).some((f) => f.startsWith('secrets.enc.json.damaged-'))).toBe(true);
  });

  it('re-encrypts when safeStorage asks for it (key rotation)', async () => {
    const safe = fakeSafeStorage();
    const store = safeStorageSecretStore(
      { ...safe, decryptStringAsync: async (b) => ({ ...(await safe.decryptStringAsync(b)), shouldReEncrypt: true }) },
      { file, platform: 'linux' },
    );
    await store.write('k', 'v');
    safe.calls.length = 0;
    expect(await store.read('k')).toEqual({ ok: true, value: 'v' });
    expect(safe.calls).toEqual(['decrypt', 'encrypt']);
  });
});
