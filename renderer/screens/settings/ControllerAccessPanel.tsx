import { useState } from 'react';
import type { ControllerDetail, OwnCertificateExport } from '../../../shared/contract/domains/connectivity.ts';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { activeClient } from '../../bridge/activeClient.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useT } from '../../i18n/index.tsx';
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
  const t = useT('settings');
  return (
    <>
      {refused && own ? (
        <div className="panel" data-testid="controller-own-certificate">
          <p>{t('access.ownCertificate')}</p>
          <dl className="facts">
            <dt>{t('access.subject')}</dt>
            <dd>{own.subject}</dd>
            <dt>{t('access.sha1')}</dt>
            <dd className="mono">{own.sha1}</dd>
          </dl>
          {isAdmin ? <ExportCertificate /> : <p className="muted">{t('access.adminExports')}</p>}
        </div>
      ) : null}
      {isAdmin && c.userName ? <PasswordForm c={c} /> : null}
    </>
  );
}

function ExportCertificate() {
  const [done, setDone] = useState<OwnCertificateExport | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const t = useT('settings');
  const run = async (): Promise<void> => {
    setError(null);
    const r = await activeClient().invoke('connectivity.exportOwnCertificate', {});
    if (!r.ok) return setError(r.error);
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
        {t('access.export')}
      </button>
      <ErrorNote error={error} />
      {done ? (
        <div className="command-ok" role="status" data-testid="exported-certificate">
          <p>{t('access.written')}</p>
          <p className="mono">{done.pemPath}</p>
          <p className="mono">{done.derPath}</p>
          <button type="button" className="button" onClick={() => download(done)} data-testid="download-own-certificate">
            {t('access.download', { file: done.fileName })}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function PasswordForm({ c }: { c: ControllerDetail }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: true; text: string } | { ok: false; error: WireError } | null>(null);
  const t = useT('settings');
  const save = async (): Promise<void> => {
    setBusy(true);
    setNote(null);
    const r = await activeClient().invoke('connectivity.setControllerPassword', { controllerId: c.controllerId, password });
    setBusy(false);
    setPassword('');
    if (!r.ok) return setNote({ ok: false, error: r.error });
    setNote({
      ok: true,
      text: `${t(r.value.replaced ? 'access.passwordReplaced' : 'access.passwordStored', { user: r.value.userName })} ${t(r.value.reconnecting ? 'access.reconnecting' : 'access.nextLogin')}`,
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
        {t('access.passwordFor', { user: c.userName })}
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="controller-password" />
      </label>
      <button type="submit" className="button button--primary" disabled={busy || !password} data-testid="controller-password-save">
        {t('access.storePassword')}
      </button>
      {note?.ok ? <p className="command-ok" role="status">{note.text}</p> : note ? <ErrorNote error={note.error} /> : null}
    </form>
  );
}
