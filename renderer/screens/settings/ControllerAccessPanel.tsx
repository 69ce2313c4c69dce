import { useState } from 'react';
import type { ControllerDetail, OwnCertificateExport } from '../../../shared/contract/domains/connectivity.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { loadControllers } from '../../stores/connectivityStore.ts';

const ADMIN = ['admin'] as const;

/**
 * What an administrator does for one controller's access: store or replace its login password (never shown back),
 * and, when the controller refuses the console's certificate, see that certificate and export it to install there.
 */
export function ControllerAccess({ c }: { c: ControllerDetail }) {
  const isAdmin = useMay(ADMIN);
  const refused = c.error?.code === 'CLIENT_CERTIFICATE_REFUSED';
  const own = c.error?.ownCertificate;
  return (
    <>
      {refused && own ? (
        <div className="panel" data-testid="controller-own-certificate">
          <p>This console's certificate, to install as trusted on the controller:</p>
          <dl className="facts">
            <dt>Subject</dt>
            <dd>{own.subject}</dd>
            <dt>SHA-1 thumbprint</dt>
            <dd className="mono">{own.sha1}</dd>
          </dl>
          {isAdmin ? <ExportCertificate /> : <p className="muted">An administrator can export it.</p>}
        </div>
      ) : null}
      {isAdmin && c.userName ? <PasswordForm c={c} /> : null}
    </>
  );
}

function ExportCertificate() {
  const [done, setDone] = useState<OwnCertificateExport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    setError(null);
    const r = await activeClient().invoke('connectivity.exportOwnCertificate', {});
    if (!r.ok) return setError(r.error.message);
    setDone(r.value);
  };
  const download = (x: OwnCertificateExport): void => {
    const url = URL.createObjectURL(new Blob([x.pem], { type: 'application/x-pem-file' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = x.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div>
      <button type="button" className="button" onClick={() => void run()} data-testid="export-own-certificate">
        Export the console's certificate
      </button>
      {error ? <p className="command-error" role="alert">{error}</p> : null}
      {done ? (
        <div className="command-ok" role="status" data-testid="exported-certificate">
          <p>Written on this workstation:</p>
          <p className="mono">{done.pemPath}</p>
          <p className="mono">{done.derPath}</p>
          <button type="button" className="button" onClick={() => download(done)} data-testid="download-own-certificate">
            Download {done.fileName}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function PasswordForm({ c }: { c: ControllerDetail }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (): Promise<void> => {
    setBusy(true);
    setNote(null);
    const r = await activeClient().invoke('connectivity.setControllerPassword', { controllerId: c.controllerId, password });
    setBusy(false);
    setPassword('');
    if (!r.ok) return setNote({ ok: false, text: r.error.message });
    setNote({
      ok: true,
      text: `${r.value.replaced ? 'Password replaced' : 'Password stored'} for user ${r.value.userName}.${r.value.reconnecting ? ' Connecting with it now.' : ' The current connection keeps going; the new password is used at the next login.'}`,
    });
    void loadControllers();
  };
  return (
    <form
      className="settings-password"
      data-testid="controller-password-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (password) void save();
      }}
    >
      <label>
        Password for user <span className="mono">{c.userName}</span> (never shown again)
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="controller-password" />
      </label>
      <button type="submit" className="button button--primary" disabled={busy || !password} data-testid="controller-password-save">
        Store password
      </button>
      {note ? <p className={note.ok ? 'command-ok' : 'command-error'} role={note.ok ? 'status' : 'alert'}>{note.text}</p> : null}
    </form>
  );
}
