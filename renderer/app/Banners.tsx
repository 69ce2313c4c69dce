import { formatDuration } from '../format/time.ts';
import { useBridge, useAnyInsecure } from '../stores/connectionStore.ts';
import { applyDismissNotice, useNotices } from '../stores/systemStore.ts';
import { useTroubledModules } from '../stores/healthStore.ts';
import { STORAGE_STATUS_FRESH_MS, useStorageProblem } from '../stores/storageStore.ts';
import { useNow } from './useNow.ts';

/** Conditions that change how everything below must be read; shown full width under the header. */
export function Banners() {
  const bridge = useBridge();
  const insecure = useAnyInsecure();
  const notices = useNotices();
  const troubled = useTroubledModules();
  const now = useNow();
  const storage = useStorageProblem();
  return (
    <div className="banners">
      {bridge.link !== 'open' ? (
        <div className="banner banner--nodata" role="alert" data-testid="banner-bridge">
          <strong>
            {bridge.link === 'connecting' && bridge.attempt === 0
              ? 'Connecting to the console core…'
              : `Not connected to the console core${bridge.since > 0 ? ` for ${formatDuration(now - bridge.since)}` : ''}.`}
          </strong>{' '}
          Values on screen are not live.
          {bridge.lastError ? <span className="banner__detail"> {bridge.lastError}{bridge.attempt > 0 ? ` (attempt ${bridge.attempt})` : ''}</span> : null}
        </div>
      ) : null}
      {storage && bridge.link === 'open' && now - storage.at < STORAGE_STATUS_FRESH_MS ? (
        <div className="banner banner--nodata" role="alert" data-testid="banner-storage">
          <strong>{storage.state === 'full' ? 'Disk full.' : storage.state === 'readonly' ? 'Data folder read-only.' : 'Database damaged.'}</strong> {storage.message}
        </div>
      ) : null}
      {insecure && bridge.link === 'open' ? (
        <div className="banner banner--warning" role="status" data-testid="banner-insecure">
          <strong>Insecure connection (SecurityPolicy None).</strong> Controller traffic is neither signed nor encrypted. Allowed
          for demo and test plants only.
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
            {m.state === 'stopped' ? `${m.label} is not running.` : `${m.label} is not working fully${now > m.since ? ` (for ${formatDuration(now - m.since)})` : ''}.`}
          </strong>{' '}
          <span className="banner__detail">{m.message}</span>
        </div>
      ))}
      {notices.map((n) => (
        <div key={n.id} className={`banner banner--notice banner--${n.level}`} role={n.level === 'info' ? 'status' : 'alert'}>
          <span className="banner__level">{n.level === 'info' ? 'Note' : n.level === 'warning' ? 'Warning' : 'Error'}</span>
          <span className="banner__message">{n.message}</span>
          <button type="button" className="button button--quiet" onClick={() => applyDismissNotice(n.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
