import type { StoredCertificateView } from '../../../shared/contract/domains/connectivity.ts';
import { useFormat, useT } from '../../i18n/index.tsx';
import { useMay } from '../../stores/sessionStore.ts';
import { trustCertificate, untrustCertificate, useConnectivity } from '../../stores/connectivityStore.ts';

const ADMIN = ['admin'] as const;
/** Thumbprints in pairs, as controller web pages and OPC UA tools print them. */
const pairs = (hex: string): string => hex.match(/.{2}/g)?.join(':') ?? hex;

/**
 * The console's OPC UA certificate store. A controller the console refused shows here with what an
 * administrator needs to compare against the controller's own display before trusting it.
 */
export function CertificatesPanel() {
  const { certificates: c, busy, controllers } = useConnectivity();
  const mayTrust = useMay(ADMIN);
  const t = useT('settings');
  if (!c) return <p className="muted">{t('certificates.loading')}</p>;
  const presentedBy = (sha1: string): string[] =>
    (c.presentedBy[sha1] ?? []).map((id) => controllers?.controllers.find((x) => x.controllerId === id)?.name ?? id);
  return (
    <div data-testid="certificates">
      {c.warnings.map((w) => (
        <p key={w.sha1} className="command-error" role="alert" data-testid="certificate-warning">{w.message}</p>
      ))}
      <h3>{t('certificates.refusedTitle')}</h3>
      {c.rejected.length === 0 ? (
        <p className="muted" data-testid="no-rejected">{t('certificates.noneRefused')}</p>
      ) : (
        c.rejected.map((x) => (
          <CertificateCard key={x.sha1} cert={x} from={presentedBy(x.sha1)}>
            {mayTrust ? (
              <button type="button" className="button button--primary" disabled={busy} data-testid="trust-certificate" onClick={() => void trustCertificate(x.sha1)}>
                {t('certificates.trust')}
              </button>
            ) : (
              <p className="muted">{t('certificates.onlyAdmin')}</p>
            )}
          </CertificateCard>
        ))
      )}
      <h3>{t('certificates.trustedTitle')}</h3>
      {c.trusted.length === 0 ? <p className="muted">{t('certificates.noneTrusted')}</p> : null}
      {c.trusted.map((x) => (
        <CertificateCard key={x.sha1} cert={x} from={[]}>
          {mayTrust ? (
            <button type="button" className="button" disabled={busy} data-testid="untrust-certificate" onClick={() => void untrustCertificate(x.sha1)}>
              {t('certificates.untrust')}
            </button>
          ) : null}
        </CertificateCard>
      ))}
      <h3>{t('certificates.ownTitle')}</h3>
      {c.own ? <CertificateCard cert={c.own} from={[]} /> : <p className="muted">{t('certificates.ownLater')}</p>}
    </div>
  );
}

function CertificateCard({ cert, from, children }: { readonly cert: StoredCertificateView; readonly from: readonly string[]; readonly children?: React.ReactNode }) {
  const t = useT('settings');
  const f = useFormat();
  return (
    <article className="panel cert-card" data-testid={`certificate-${cert.state}`} data-sha1={cert.sha1}>
      <dl className="facts">
        <dt>{t('certificates.name')}</dt>
        <dd><strong>{cert.commonName || t('certificates.noCommonName')}</strong>{from.length ? ` · ${t('certificates.presentedBy', { who: new Intl.ListFormat(f.locale).format(from) })}` : ''}</dd>
        <dt>{t('certificates.subject')}</dt>
        <dd>{cert.subject}</dd>
        <dt>{t('certificates.issuer')}</dt>
        <dd>{cert.selfSigned ? t('certificates.selfSigned') : cert.issuer}</dd>
        <dt>{t('certificates.application')}</dt>
        <dd className="mono">{cert.applicationUri ?? '—'}</dd>
        <dt>{t('certificates.valid')}</dt>
        <dd>{t('certificates.validRange', { from: f.date(cert.validFrom), to: f.date(cert.validTo) })}</dd>
        <dt>{t('certificates.sha1')}</dt>
        <dd className="mono" data-testid="cert-sha1">{pairs(cert.sha1)}</dd>
        <dt>{t('certificates.sha256')}</dt>
        <dd className="mono thumb">{pairs(cert.sha256)}</dd>
      </dl>
      {children}
    </article>
  );
}
