import { useFormat, useT, useTMessage } from '../i18n/index.tsx';
import { useBridge, useAnyInsecure } from '../stores/connectionStore.ts';
import { applyDismissNotice, useNotices } from '../stores/systemStore.ts';
import { useTroubledModules } from '../stores/healthStore.ts';
import { STORAGE_STATUS_FRESH_MS, useStorageProblem } from '../stores/storageStore.ts';
import { useNow } from './useNow.ts';
import { useMay } from '../stores/sessionStore.ts';

/** Conditions that change how everything below must be read; shown full width under the header. */
export function Banners() {
  const bridge = useBridge();
  const insecure = useAnyInsecure();
  const notices = useNotices();
  const troubled = useTroubledModules();
  const now = useNow();
  const storage = useStorageProblem();
  const t = useT('common');
  const tm = useTMessage();
  const f = useFormat();
  const moduleName = (m: { module: string; label: string }) => t(`modules.${m.module}`, { defaultValue: m.label });
  const admin = useMay(['admin']);
  return (
    <div className="banners">
      {bridge.link !== 'open' ? (
        <div className="banner banner--nodata" role="alert" data-testid="banner-bridge">
          <strong>
            {bridge.link === 'connecting' && bridge.attempt === 0
              ? t('banners.connecting')
              : bridge.since > 0
                ? t('banners.notConnectedFor', { duration: f.duration(now - bridge.since) })
                : t('banners.notConnected')}
          </strong>{' '}
          {t('banners.notLive')}
          {bridge.attempt > 0 ? <span className="banner__detail"> {t('banners.attempt', { n: bridge.attempt })}</span> : null}
          {/* What the connection said ("connection refused or dropped", a close code): for the administrator. */}
          {admin && bridge.lastError ? <TechnicalDetail text={bridge.lastError} /> : null}
        </div>
      ) : null}
      {storage && bridge.link === 'open' && now - storage.at < STORAGE_STATUS_FRESH_MS ? (
        <div className="banner banner--nodata" role="alert" data-testid="banner-storage">
          <strong>{storage.state === 'full' ? t('banners.diskFull') : storage.state === 'readonly' ? t('banners.readOnly') : t('banners.damaged')}</strong> {tm(storage.msg, storage.message ?? '')}
        </div>
      ) : null}
      {insecure && bridge.link === 'open' ? (
        <div className="banner banner--warning" role="status" data-testid="banner-insecure">
          <strong>{t('banners.insecureTitle')}</strong> {t('banners.insecureText')}
        </div>
      ) : null}
      {troubled.map((m) => (
        <div
          key={`health-${m.module}`}
          className={`banner ${m.state === 'stopped' ? 'banner--nodata' : 'banner--warning'}`}
          role="alert"
          data-testid="banner-module-health"
          data-module={m.module}
        >
          <strong>
            {m.state === 'stopped'
              ? t('banners.moduleStopped', { module: moduleName(m) })
              : now > m.since
                ? t('banners.moduleDegradedFor', { module: moduleName(m), duration: f.duration(now - m.since) })
                : t('banners.moduleDegraded', { module: moduleName(m) })}
          </strong>{' '}
          {/* A stopped module's reason is what a person passes on (a refused start has no one signed in); a degraded one's is detail for the administrator. */}
          {m.state === 'stopped' ? <span className="banner__detail">{m.message}</span> : admin ? <TechnicalDetail text={m.message} /> : null}
        </div>
      ))}
      {notices.map((n) => (
        <div key={n.id} className={`banner banner--notice banner--${n.level}`} role={n.level === 'info' ? 'status' : 'alert'}>
          <span className="banner__level">{t(`banners.levels.${n.level}`)}</span>
          <span className="banner__message">{tm(n.msg, n.message)}</span>
          <button type="button" className="button button--quiet" onClick={() => applyDismissNotice(n.id)}>
            {t('actions.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}

/** What a library or the connection said, one click away, for the administrator only. */
function TechnicalDetail({ text }: { readonly text: string }) {
  const tc = useT('core');
  return (
    <details className="error-details banner__detail">
      <summary title={tc('ui.detailsHint')}>{tc('ui.details')}</summary>
      <pre>{text}</pre>
    </details>
  );
}
