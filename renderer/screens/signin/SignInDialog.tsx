import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useT, useTMessage } from '../../i18n/index.tsx';
import { bootstrapAdmin, closeSignIn, signIn, useSessionUi } from '../../stores/sessionStore.ts';

/**
 * Sign-in by badge + PIN (a badge reader types the id and Enter, which moves on to the PIN) or by user
 * name + PIN. Also the quick switch: opened while someone is signed in, the new person replaces them.
 */
export function SignInDialog() {
  const ui = useSessionUi();
  const t = useT('signin');
  const tm = useTMessage();
  const [method, setMethod] = useState<'badge' | 'name'>('badge');
  const [identifier, setIdentifier] = useState('');
  const [pin, setPin] = useState('');
  const idRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (ui.dialogOpen) idRef.current?.focus();
  }, [ui.dialogOpen, method]);
  useEffect(() => {
    if (ui.error) {
      setPin('');
      pinRef.current?.focus();
    }
  }, [ui.error]);

  if (!ui.dialogOpen) return null;
  if (ui.session?.needsBootstrap) return <BootstrapDialog />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!identifier.trim()) return idRef.current?.focus();
    if (!pin) return pinRef.current?.focus();
    const ok = await signIn(method === 'badge' ? { method, badgeId: identifier.trim(), pin } : { method, userName: identifier.trim(), pin });
    if (ok) {
      setIdentifier('');
      setPin('');
    }
  };
  const switching = ui.session?.signedIn === true;
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && closeSignIn()}>
      <form className="dialog signin" role="dialog" aria-modal="true" aria-labelledby="signin-title" onSubmit={submit} data-testid="signin-dialog">
        <h2 id="signin-title" className="dialog__title">{switching ? t('dialog.switchTitle', { name: ui.session?.actor.displayName ?? '' }) : t('dialog.title')}</h2>
        <label className="field">
          <span className="field__label">{method === 'badge' ? t('dialog.badge') : t('dialog.userName')}</span>
          <input
            ref={idRef}
            className="field__input"
            data-testid="signin-identifier"
            autoComplete="off"
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
            onKeyDown={(e) => {
              // A badge reader ends with Enter: go on to the PIN instead of submitting half a form.
              if (e.key === 'Enter' && !pin) {
                e.preventDefault();
                pinRef.current?.focus();
              }
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('dialog.pin')}</span>
          <input ref={pinRef} className="field__input" data-testid="signin-pin" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        </label>
        {ui.error ? (
          <p className="form-error" role="alert" data-testid="signin-error">
            {tm(ui.errorMsg, ui.error ?? '')}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="submit" className="button button--primary" disabled={ui.busy} data-testid="signin-submit">
            {ui.busy ? t('dialog.checking') : t('dialog.submit')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMethod(method === 'badge' ? 'name' : 'badge')} data-testid="signin-method">
            {method === 'badge' ? t('dialog.useUserName') : t('dialog.useBadge')}
          </button>
          <button type="button" className="button button--quiet" onClick={closeSignIn}>
            {t('dialog.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

function BootstrapDialog() {
  const ui = useSessionUi();
  const t = useT('signin');
  const tm = useTMessage();
  const [f, setF] = useState({ code: '', userName: '', displayName: '', badgeId: '', pin: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await bootstrapAdmin({ code: f.code, userName: f.userName, displayName: f.displayName, pin: f.pin, ...(f.badgeId ? { badgeId: f.badgeId } : {}) });
  };
  return (
    <div className="dialog-backdrop">
      <form className="dialog signin" role="dialog" aria-modal="true" aria-labelledby="bootstrap-title" onSubmit={submit} data-testid="bootstrap-dialog">
        <h2 id="bootstrap-title" className="dialog__title">{t('bootstrap.title')}</h2>
        <p className="dialog__text">{t('bootstrap.text')}</p>
        {(['code', 'userName', 'displayName', 'badgeId', 'pin'] as const).map((k) => (
          <label className="field" key={k}>
            <span className="field__label">{t(`bootstrap.fields.${k}`)}</span>
            <input className="field__input" type={k === 'pin' ? 'password' : 'text'} autoComplete="off" value={f[k]} onChange={set(k)} data-testid={`bootstrap-${k}`} />
          </label>
        ))}
        {ui.error ? <p className="form-error" role="alert">{tm(ui.errorMsg, ui.error)}</p> : null}
        <div className="dialog__actions">
          <button type="submit" className="button button--primary" disabled={ui.busy}>
            {t('bootstrap.submit')}
          </button>
          <button type="button" className="button button--quiet" onClick={closeSignIn}>
            {t('bootstrap.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
