import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { explainRequestFailure, explainSqlite, httpKey, netKey } from '../../../../../electron/core/platform/net/explainFailure.ts';
import { probeNetwork } from '../../../../../electron/core/platform/net/connectionCheck.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';
import { openTestDb } from '../../../../fixtures/testDb.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** No socket code, status number or library text in what a person reads; all of it in `technical`. */
const plain = (text: string | null) => expect(text ?? '').not.toMatch(/E[A-Z]{4,}|ERR_|CERT_|SQLITE_|HTTP \d{3}|\b(401|403|500|503)\b/);

describe('library and network failures in words (explainFailure)', () => {
  it('each socket and TLS code and each HTTP status a person meets has its own sentence in both languages', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_PROXY_TUNNEL']) {
      const key = netKey(code);
      expect(key, code).not.toBeNull();
      for (const lang of ['de', 'en'] as const) plain(renderMessage({ key: key!, params: { target: 'erp' } }, lang));
    }
    expect([401, 403, 429, 500, 502, 503].map(httpKey)).toEqual(['remote.signInRefused', 'remote.forbidden', 'remote.busy', 'remote.serverError', 'remote.serverError', 'remote.busy']);
    const x = explainRequestFailure('erp', { httpStatus: 401, message: 'HTTP 401: Logon failed' });
    expect(renderMessage(x.msg, 'de')).toBe('Das ERP hat die Anmeldung der Konsole abgelehnt. Bitten Sie den Administrator, die gespeicherten Zugangsdaten in den Einstellungen zu prüfen.');
    expect(x.technical).toContain('HTTP 401');
  });

  it('a refused connection, for real: the connection check line says so in words; the code is technical', async () => {
    const line = await probeNetwork('http://127.0.0.1:1/', 3_000);
    expect(line.ok).toBe(false);
    expect(line.text).toMatch(/ECONNREFUSED/); // the English line as before
    expect(line.msg?.key).toBe('net.refused');
    const de = renderMessage(line.msg!, 'de');
    expect(de).toMatch(/^127\.0\.0\.1:1 hat die Verbindung abgelehnt/);
    plain((de ?? '').replace('127.0.0.1:1', ''));
    expect(line.technical).toMatch(/ECONNREFUSED/);
  });

  it('a server that answers: the line reads the same in English as before, and in German', async () => {
    const server = http.createServer((_q, s) => s.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const line = await probeNetwork(`http://${host}/`, 3_000);
      expect(line).toMatchObject({ ok: true, text: `${host} answers (plain http, not encrypted)` });
      expect(renderMessage(line.msg!, 'en')).toBe(line.text);
      expect(renderMessage(line.msg!, 'de')).toBe(`${host} antwortet (einfaches http, nicht verschlüsselt)`);
    } finally {
      server.close();
    }
  });

  it('SQLITE_BUSY from a real second writer: "busy, try again in a moment", the SQLite code technical', () => {
    const a = openTestDb(tmp.dir, 'busy.db');
    a.exec('CREATE TABLE t (x INTEGER)');
    const b = openTestDb(tmp.dir, 'busy.db');
    b.pragma('busy_timeout = 0');
    a.exec('BEGIN IMMEDIATE');
    let caught: unknown = null;
    try {
      b.exec('INSERT INTO t VALUES (1)');
    } catch (e) {
      caught = e;
    } finally {
      a.exec('ROLLBACK');
    }
    const x = explainSqlite(caught);
    expect(x?.msg.key).toBe('storage.busy');
    expect(x?.technical).toMatch(/SQLITE_BUSY/);
    plain(renderMessage(x!.msg, 'de'));
    expect(explainSqlite(new Error('something else'))).toBeNull();
    a.close();
    b.close();
  });
});
