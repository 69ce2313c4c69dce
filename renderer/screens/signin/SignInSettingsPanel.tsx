import { type FormEvent, useEffect, useState } from 'react';
import { usePersonKey } from '../../stores/personChange.ts';
import { loadSignInSettings, saveSignInSettings, useUsers } from '../../stores/usersStore.ts';

/**
 * The workstation's sign-in settings for an administrator: minutes until an unused screen locks and
 * failed PINs before an account locks. The core checks the ranges and the role, and audits the change.
 * What the core holds is in the users store (loaded again when the person changes); the form is a draft.
 */
export function SignInSettingsPanel() {
  const { signInSettings: saved, settingsMessage: message } = useUsers();
  const [form, setForm] = useState({ idleLockMinutes: '', lockoutThreshold: '' });
  const [busy, setBusy] = useState(false);
  const person = usePersonKey();

  useEffect(() => {
    void loadSignInSettings();
  }, [person]);
  // The draft starts from what the core holds, and again after each save or reload.
  useEffect(() => {
    if (saved) setForm({ idleLockMinutes: String(saved.idleLockMinutes), lockoutThreshold: String(saved.lockoutThreshold) });
  }, [saved]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await saveSignInSettings(form);
    setBusy(false);
  };

  return (
    <form className="panel" onSubmit={submit} data-testid="signin-settings">
      <h2 className="panel__title">Sign-in settings</h2>
      <div className="toolbar">
        <label className="field">
          <span className="field__label">Lock an unused screen after (minutes, 1–240)</span>
          <input className="field__input field__input--short" inputMode="numeric" value={form.idleLockMinutes} onChange={(e) => setForm({ ...form, idleLockMinutes: e.target.value })} data-testid="settings-idle-lock-minutes" />
        </label>
        <label className="field">
          <span className="field__label">Failed PINs before an account locks (3–20)</span>
          <input className="field__input field__input--short" inputMode="numeric" value={form.lockoutThreshold} onChange={(e) => setForm({ ...form, lockoutThreshold: e.target.value })} data-testid="settings-lockout-threshold" />
        </label>
      </div>
      {message ? (
        <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid="signin-settings-message">
          {message.text}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy} data-testid="signin-settings-save">
        Save
      </button>
    </form>
  );
}
