import fs from 'node:fs';
import path from 'node:path';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { certificateDer, certificateInfo, daysLeft } from './certificateInfo.ts';
import type { CertificateInfo } from './opcuaTypes.ts';

/**
 * The app-owned client PKI folder (Part 6 layout: own/, trusted/, rejected/, issuers/) as an administrator
 * sees it: which controller certificates were refused, which are trusted, the console's own certificate,
 * and what expires soon. Trusting goes through node-opcua's CertificateManager so its index stays right;
 * gateways reload the folder before their next attempt.
 */

export const EXPIRY_WARNING_DAYS = 30;

export interface StoredCertificate extends CertificateInfo {
  state: 'trusted' | 'rejected' | 'own';
  file: string;
}

export interface ExpiryWarning {
  sha1: string;
  commonName: string;
  state: StoredCertificate['state'];
  validTo: number;
  daysLeft: number;
  message: string;
}

export interface PkiListing {
  own: StoredCertificate | null;
  trusted: StoredCertificate[];
  rejected: StoredCertificate[];
  warnings: ExpiryWarning[];
}

export type PkiError = 'NOT_FOUND' | 'IO';

export interface PkiStore {
  readonly rootDir: string;
  list(now: number): PkiListing;
  /** Moves a rejected certificate into trusted/ (by SHA-1 thumbprint, case-insensitive). */
  trust(sha1: string): Promise<Result<StoredCertificate, PkiError>>;
  /** Removes a trusted certificate; it goes back to rejected/ so it stays visible. */
  untrust(sha1: string): Promise<Result<StoredCertificate, PkiError>>;
  dispose(): Promise<void>;
}

function readFolder(dir: string, state: StoredCertificate['state']): StoredCertificate[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: StoredCertificate[] = [];
  for (const name of names) {
    if (!/\.(pem|der|crt|cer)$/i.test(name)) continue;
    const file = path.join(dir, name);
    try {
      const der = certificateDer(fs.readFileSync(file));
      const info = der ? certificateInfo(der) : null;
      if (info) out.push({ ...info, state, file });
    } catch {
      // An unreadable file is skipped, not fatal: the listing shows what can be read.
    }
  }
  return out.sort((a, b) => a.commonName.localeCompare(b.commonName));
}

export function expiryWarnings(certs: readonly StoredCertificate[], now: number, days = EXPIRY_WARNING_DAYS): ExpiryWarning[] {
  return certs
    .filter((c) => c.state !== 'rejected' && daysLeft(c, now) <= days)
    .map((c) => {
      const left = daysLeft(c, now);
      const who = c.state === 'own' ? "The console's own certificate" : `The trusted certificate of "${c.commonName}"`;
      return {
        sha1: c.sha1,
        commonName: c.commonName,
        state: c.state,
        validTo: c.validTo,
        daysLeft: left,
        message: left < 0 ? `${who} expired ${-left} day(s) ago.` : `${who} expires in ${left} day(s) (${new Date(c.validTo).toISOString().slice(0, 10)}).`,
      };
    });
}

export async function openPkiStore(rootDir: string): Promise<PkiStore> {
  const cm = new OPCUACertificateManager({ rootFolder: rootDir, automaticallyAcceptUnknownCertificate: false });
  await cm.initialize();
  const folders = {
    own: path.join(rootDir, 'own', 'certs'),
    trusted: path.join(rootDir, 'trusted', 'certs'),
    rejected: path.join(rootDir, 'rejected'),
  };
  const find = (dir: string, state: StoredCertificate['state'], sha1: string): StoredCertificate | undefined =>
    readFolder(dir, state).find((c) => c.sha1 === sha1.replaceAll(':', '').toUpperCase());

  return {
    rootDir,
    list(now) {
      const own = readFolder(folders.own, 'own')[0] ?? null;
      const trusted = readFolder(folders.trusted, 'trusted');
      const rejected = readFolder(folders.rejected, 'rejected');
      return { own, trusted, rejected, warnings: expiryWarnings([...(own ? [own] : []), ...trusted], now) };
    },
    async trust(sha1) {
      const c = find(folders.rejected, 'rejected', sha1);
      if (!c) return errResult('NOT_FOUND');
      try {
        const der = certificateDer(fs.readFileSync(c.file));
        if (!der) return errResult('IO');
        await cm.reloadCertificates();
        await cm.trustCertificate(der);
        // trustCertificate copies into trusted/; the rejected copy would otherwise show as still refused.
        fs.rmSync(c.file, { force: true });
        const now = find(folders.trusted, 'trusted', sha1);
        return now ? okResult(now) : errResult('IO');
      } catch {
        return errResult('IO');
      }
    },
    async untrust(sha1) {
      const c = find(folders.trusted, 'trusted', sha1);
      if (!c) return errResult('NOT_FOUND');
      try {
        const der = certificateDer(fs.readFileSync(c.file));
        await cm.reloadCertificates();
        await cm.removeTrustedCertificate(c.sha1.toLowerCase());
        fs.rmSync(c.file, { force: true });
        if (der) await cm.rejectCertificate(der);
        return okResult({ ...c, state: 'rejected' });
      } catch {
        return errResult('IO');
      }
    },
    async dispose() {
      await cm.dispose().catch(() => undefined);
    },
  };
}
