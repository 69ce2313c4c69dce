import type { StoredCertificateView } from '../../../shared/contract/domains/connectivity.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { trustCertificate, untrustCertificate, useConnectivity } from '../../stores/connectivityStore.ts';

const ADMIN = ['admin'] as const;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** Thumbprints in pairs, as controller web pages and OPC UA tools print them. */
const pairs = (hex: string): string => hex.match(/.{2}/g)?.join(':') ?? hex;

/**
 * The console's OPC UA certificate store. A controller the console refused shows here with what an
 * administrator needs to compare against the controller's own display before trusting it.
 */
export function CertificatesPanel() {
  const { certificates: c, busy, controllers } = useConnectivity();
  const mayTrust = useMay(ADMIN);
  if (!c) return <p className="muted">Loading certificates…</p>;
  const presentedBy = (sha1: string): string[] =>
    (c.presentedBy[sha1] ?? []).map((id) => controllers?.controllers.find((x) => x.controllerId === id)?.name ?? id);
  return (
    <div data-testid="certificates">
      {c.warnings.map((w) => (
        <p key={w.sha1} className="command-error" role="alert" data-testid="certificate-warning">{w.message}</p>
      ))}
      <h3>Refused controller certificates</h3>
      {c.rejected.length === 0 ? (
        <p className="muted" data-testid="no-rejected">None. A controller whose certificate the console does not know appears here.</p>
      ) : (
        c.rejected.map((x) => (
          <CertificateCard key={x.sha1} cert={x} from={presentedBy(x.sha1)}>
            {mayTrust ? (
              <button type="button" className="button button--primary" disabled={busy} data-testid="trust-certificate" onClick={() => void trustCertificate(x.sha1)}>
                Trust this certificate
              </button>
            ) : (
              <p className="muted">Only an administrator can trust a certificate.</p>
            )}
          </CertificateCard>
        ))
      )}
      <h3>Trusted controller certificates</h3>
      {c.trusted.length === 0 ? <p className="muted">None yet.</p> : null}
      {c.trusted.map((x) => (
        <CertificateCard key={x.sha1} cert={x} from={[]}>
          {mayTrust ? (
            <button type="button" className="button" disabled={busy} data-testid="untrust-certificate" onClick={() => void untrustCertificate(x.sha1)}>
              Stop trusting
            </button>
          ) : null}
        </CertificateCard>
      ))}
      <h3>This console's certificate</h3>
      {c.own ? <CertificateCard cert={c.own} from={[]} /> : <p className="muted">Created on the first connection.</p>}
    </div>
  );
}

function CertificateCard({ cert, from, children }: { readonly cert: StoredCertificateView; readonly from: readonly string[]; readonly children?: React.ReactNode }) {
  return (
    <article className="panel cert-card" data-testid={`certificate-${cert.state}`} data-sha1={cert.sha1}>
      <dl className="facts">
        <dt>Name</dt>
        <dd><strong>{cert.commonName || '(no common name)'}</strong>{from.length ? ` · presented by ${from.join(', ')}` : ''}</dd>
        <dt>Subject</dt>
        <dd>{cert.subject}</dd>
        <dt>Issuer</dt>
        <dd>{cert.selfSigned ? 'Self-signed' : cert.issuer}</dd>
        <dt>Application</dt>
        <dd className="mono">{cert.applicationUri ?? '—'}</dd>
        <dt>Valid</dt>
        <dd>{day(cert.validFrom)} to {day(cert.validTo)}</dd>
        <dt>SHA-1</dt>
        <dd className="mono" data-testid="cert-sha1">{pairs(cert.sha1)}</dd>
        <dt>SHA-256</dt>
        <dd className="mono thumb">{pairs(cert.sha256)}</dd>
      </dl>
      {children}
    </article>
  );
}
