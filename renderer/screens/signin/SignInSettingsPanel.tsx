import { type FormEvent, useEffect, useState } from 'react';
import { activeClient } from '../../bridge/activeClient.ts';
import { usePersonKey } from '../../stores/personChange.ts';

/**
 * The workstation's sign-in settings for an administrator: minutes until an unused screen locks and
 * failed PINs before an account locks. The core checks the ranges and the role, and audits the change.
 */
export function SignInSettingsPanel() {
  const [form, setForm] = useState({ idleLockMinutes: '', lockoutThreshold: '' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const person = usePersonKey();
  useEffect(() => {
    setMessage(null);
    void activeClient()
      .invoke('auth.settings', {})
      .then((r) => {
        if (r.ok) setForm({ idleLockMinutes: String(r.value.idleLockMinutes), lockoutThreshold: String(r.value.lockoutThreshold) });
        else setMessage({ ok: false, text: r.error.message });
      });
  }, [person]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    // Sent as typed (numbers or not): the core's answer names what is out of range.
    const r = await activeClient().invoke('auth.setSettings', { idleLockMinutes: Number(form.idleLockMinutes), lockoutThreshold: Number(form.lockoutThreshold) });
    setBusy(false);
    if (r.ok) {
      setForm({ idleLockMinutes: String(r.value.idleLockMinutes), lockoutThreshold: String(r.value.lockoutThreshold) });
      setMessage({ ok: true, text: `Saved: screens lock after ${r.value.idleLockMinutes} idle minute${r.value.idleLockMinutes === 1 ? '' : 's'}` });
    } else setMessage({ ok: false, text: r.error.message });
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
