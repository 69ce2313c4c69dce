import { useEffect, useState } from 'react';
import type { DeviceKind, HubDevices } from '../../../shared/contract/domains/hub.ts';
import { activeClient } from '../../bridge/activeClient.ts';

const when = (ms: number): string => new Date(ms).toLocaleString();
const KIND_LABEL: Readonly<Record<DeviceKind, string>> = { console: 'Console', wallboard: 'Wall board' };

/**
 * Settings › Devices (administrators, on the plant hub): the consoles and wall boards paired with this hub,
 * a one-time pairing code for a new one (with the hub's certificate fingerprint to compare on the
 * console), and revoking. Every action is audited by the hub. docs/hub.md has the steps.
 */
export function DevicesPanel() {
  const [data, setData] = useState<HubDevices | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DeviceKind>('console');
  const [code, setCode] = useState<{ code: string; expiresAt: number; fingerprint: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const r = await activeClient().invoke('hub.devices', {});
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error.message);
  };
  useEffect(() => {
    void load();
    return activeClient().on('hub.devices', (d) => setData(d));
  }, []);
  const makeCode = async () => {
    setBusy(true);
    const r = await activeClient().invoke('hub.pairingCode', { name: name.trim(), kind });
    setBusy(false);
    if (r.ok) {
      setCode({ ...r.value, name: name.trim() });
      setName('');
      setError(null);
    } else setError(r.error.message);
  };
  const revoke = async (id: string, deviceName: string) => {
    if (!window.confirm(`Revoke "${deviceName}"? It is disconnected now and refused from now on; to use it again it must be paired anew.`)) return;
    const r = await activeClient().invoke('hub.revoke', { deviceId: id });
    if (!r.ok) setError(r.error.message);
    else await load();
  };
  if (data && !data.hub) {
    return (
      <p className="muted" data-testid="devices-not-hub">
        This console runs on its own, not as a plant hub, so no console or wall board can pair with it. A plant hub is started with <code>npm run serve -- --hub</code> (see docs/hub.md).
      </p>
    );
  }
  return (
    <div data-testid="devices">
      <p className="muted">
        Consoles and wall boards that attach to this hub. Hub certificate SHA-256: <code data-testid="devices-fingerprint">{data?.fingerprint ?? '…'}</code>
      </p>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void makeCode();
        }}
      >
        <h3>Pair a console or wall board</h3>
        <label>
          Name <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} placeholder="Quality lab console" data-testid="devices-name" />
        </label>{' '}
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)} data-testid="devices-kind">
            <option value="console">Console (people sign in)</option>
            <option value="wallboard">Wall board (watch only)</option>
          </select>
        </label>{' '}
        <button type="submit" className="button button--primary" disabled={busy || name.trim() === ''} data-testid="devices-make-code">
          Make a one-time code
        </button>
      </form>
      {code ? (
        <section className="card" role="status" data-testid="devices-code">
          <p>
            Code for “{code.name}”: <strong data-testid="devices-code-value">{code.code}</strong> (once, until {when(code.expiresAt)})
          </p>
          <p>On that machine start the console with:</p>
          <pre>{`npm run serve -- --attach https://<this hub>:<port> --pair ${code.code} --fingerprint ${code.fingerprint}`}</pre>
          <p className="muted">The console refuses to send the code unless the hub shows it exactly this fingerprint. Compare it with the one the console prints.</p>
        </section>
      ) : null}
      {error ? <p className="command-error" role="alert">{error}</p> : null}
      {data === null ? <p className="muted">Loading…</p> : null}
      {data && data.devices.length === 0 ? <p className="muted" data-testid="devices-none">No device is paired yet.</p> : null}
      {data && data.devices.length > 0 ? (
        <table className="table" data-testid="devices-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Paired</th>
              <th>Last seen</th>
              <th>Screens now</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.devices.map((d) => (
              <tr key={d.id} data-testid="devices-row" data-revoked={String(d.revokedAt !== null)}>
                <td>{d.name}</td>
                <td>{KIND_LABEL[d.kind]}</td>
                <td>
                  {when(d.pairedAt)} by {d.pairedByName}
                </td>
                <td>{d.lastSeenAt ? when(d.lastSeenAt) : '—'}</td>
                <td>{d.connected}</td>
                <td>
                  {d.revokedAt !== null ? (
                    <span className="muted">
                      Revoked {when(d.revokedAt)}
                      {d.revokedByName ? ` by ${d.revokedByName}` : ''}
                    </span>
                  ) : (
                    <button type="button" className="button" onClick={() => void revoke(d.id, d.name)} data-testid="devices-revoke">
                      Revoke
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
