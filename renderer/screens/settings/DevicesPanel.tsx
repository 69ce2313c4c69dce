import { useEffect, useState } from 'react';
import type { DeviceKind, HubDevices } from '../../../shared/contract/domains/hub.ts';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useFormat, useT } from '../../i18n/index.tsx';


/**
 * Settings › Devices (administrators, on the plant hub): the consoles and wall boards paired with this hub,
 * a one-time pairing code for a new one (with the hub's certificate fingerprint to compare on the
 * console), and revoking. Every action is audited by the hub. docs/hub.md has the steps.
 */
export function DevicesPanel() {
  const [data, setData] = useState<HubDevices | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const t = useT('settings');
  const f = useFormat();
  const when = (ms: number): string => f.dateTime(ms);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DeviceKind>('console');
  const [code, setCode] = useState<{ code: string; expiresAt: number; fingerprint: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const r = await activeClient().invoke('hub.devices', {});
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error);
  };
  useEffect(() => {
    void load();
    return activeClient().on('hub.devices', () => void load());
  }, []);
  const makeCode = async () => {
    setBusy(true);
    const r = await activeClient().invoke('hub.pairingCode', { name: name.trim(), kind });
    setBusy(false);
    if (r.ok) {
      setCode({ ...r.value, name: name.trim() });
      setName('');
      setError(null);
    } else setError(r.error);
  };
  const revoke = async (id: string, deviceName: string) => {
    if (!window.confirm(t('devices.revokeConfirm', { name: deviceName }))) return;
    const r = await activeClient().invoke('hub.revoke', { deviceId: id });
    if (!r.ok) setError(r.error);
    else await load();
  };
  if (data && !data.hub) {
    return (
      <p className="muted" data-testid="devices-not-hub">
        {t('devices.notHub')}
      </p>
    );
  }
  return (
    <div data-testid="devices">
      <p className="muted">
        {t('devices.intro')} <code data-testid="devices-fingerprint">{data?.fingerprint ?? '…'}</code>
      </p>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void makeCode();
        }}
      >
        <h3>{t('devices.pairTitle')}</h3>
        <label>
          {t('devices.name')} <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} placeholder={t('devices.namePlaceholder')} data-testid="devices-name" />
        </label>{' '}
        <label>
          {t('devices.kind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)} data-testid="devices-kind">
            <option value="console">{t('devices.kindOptions.console')}</option>
            <option value="wallboard">{t('devices.kindOptions.wallboard')}</option>
          </select>
        </label>{' '}
        <button type="submit" className="button button--primary" disabled={busy || name.trim() === ''} data-testid="devices-make-code">
          {t('devices.makeCode')}
        </button>
      </form>
      {code ? (
        <section className="card" role="status" data-testid="devices-code">
          <p>
            {t('devices.codeFor', { name: code.name })} <strong data-testid="devices-code-value">{code.code}</strong> {t('devices.codeOnce', { at: when(code.expiresAt) })}
          </p>
          <p>{t('devices.startWith')}</p>
          <pre>{`npm run serve -- --attach https://<this hub>:<port> --pair ${code.code} --fingerprint ${code.fingerprint}`}</pre>
          <p className="muted">{t('devices.fingerprintNote')}</p>
        </section>
      ) : null}
      <ErrorNote error={error} />
      {data === null ? <p className="muted">{t('devices.loading')}</p> : null}
      {data && data.devices.length === 0 ? <p className="muted" data-testid="devices-none">{t('devices.none')}</p> : null}
      {data && data.devices.length > 0 ? (
        <table className="table" data-testid="devices-table">
          <thead>
            <tr>
              <th>{t('devices.columns.name')}</th>
              <th>{t('devices.columns.kind')}</th>
              <th>{t('devices.columns.paired')}</th>
              <th>{t('devices.columns.lastSeen')}</th>
              <th>{t('devices.columns.screens')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.devices.map((d) => (
              <tr key={d.id} data-testid="devices-row" data-revoked={String(d.revokedAt !== null)}>
                <td>{d.name}</td>
                <td>{t(`devices.kinds.${d.kind}`)}</td>
                <td>{t('devices.pairedBy', { at: when(d.pairedAt), name: d.pairedByName })}</td>
                <td>{d.lastSeenAt ? when(d.lastSeenAt) : '—'}</td>
                <td>{d.connected}</td>
                <td>
                  {d.revokedAt !== null ? (
                    <span className="muted">{d.revokedByName ? t('devices.revokedBy', { at: when(d.revokedAt), name: d.revokedByName }) : t('devices.revoked', { at: when(d.revokedAt) })}</span>
                  ) : (
                    <button type="button" className="button" onClick={() => void revoke(d.id, d.name)} data-testid="devices-revoke">
                      {t('devices.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
