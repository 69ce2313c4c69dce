import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useDraft } from '../../forms/useDraft.ts';
import { useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { loadSignInSettings, saveSignInSettings, useUsers } from '../../stores/usersStore.ts';

/**
 * The workstation's sign-in settings for an administrator: minutes until an unused screen locks and
 * failed PINs before an account locks. The core checks the ranges and the role, and audits the change.
 * What the core holds is in the users store (loaded again when the person changes); the form is a draft.
 */
export function SignInSettingsPanel() {
  const { signInSettings: saved, settingsMessage: message } = useUsers();
  const [busy, setBusy] = useState(false);
  const person = usePersonKey();
  const t = useT('signin');
  const tm = useTMessage();

  useEffect(() => {
    void loadSignInSettings();
  }, [person]);
  // The draft shows what the core holds, except in the fields the person has typed into (a reload never overwrites them).
  const held = useMemo(() => (saved ? { idleLockMinutes: String(saved.idleLockMinutes), lockoutThreshold: String(saved.lockoutThreshold) } : null), [saved]);
  const { draft: form, set, reset } = useDraft(held, { idleLockMinutes: '', lockoutThreshold: '' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    if (await saveSignInSettings(form)) reset();
    setBusy(false);
  };

  return (
    <form className="panel" onSubmit={submit} data-testid="signin-settings">
      <h2 className="panel__title">{t('settings.title')}</h2>
      <div className="toolbar">
        <label className="field">
          <span className="field__label">{t('settings.idleLock')}</span>
          <input className="field__input field__input--short" inputMode="numeric" value={form.idleLockMinutes} onChange={(e) => set('idleLockMinutes', e.target.value)} data-testid="settings-idle-lock-minutes" />
        </label>
        <label className="field">
          <span className="field__label">{t('settings.lockout')}</span>
          <input className="field__input field__input--short" inputMode="numeric" value={form.lockoutThreshold} onChange={(e) => set('lockoutThreshold', e.target.value)} data-testid="settings-lockout-threshold" />
        </label>
      </div>
      {message ? (
        <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid="signin-settings-message">
          {answerText(message, t, tm)}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy} data-testid="signin-settings-save">
        {t('settings.save')}
      </button>
    </form>
  );
}
