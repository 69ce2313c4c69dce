import { type FormEvent, useState } from 'react';
import type { HoldView } from '../../../shared/contract/domains/holds.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { useT } from '../../i18n/index.tsx';
import { releaseHold } from '../../stores/holdsStore.ts';
import { answerAt, HoldsAnswerLine } from './HoldsAnswerLine.tsx';

/**
 * Release needs a reason and a second person (another quality lead or an administrator) who types
 * their badge or user name and PIN here. The core checks them; the form never decides.
 */
export function ReleaseForm({ hold, onDone }: { readonly hold: HoldView; readonly onDone: () => void }) {
  const t = useT('holds');
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<'badge' | 'name'>('badge');
  const [who, setWho] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!typedOk(FIELD_LIMITS.releaseReason, reason, 3)) return;
    setBusy(true);
    const confirmer = who.trim() && pin ? (method === 'badge' ? { method, badgeId: who.trim(), pin } : { method, userName: who.trim(), pin }) : undefined;
    const ok = await releaseHold({ holdId: hold.id, reason, expectedRevision: hold.revision, confirmer });
    setBusy(false);
    setPin('');
    if (ok) onDone();
  };
  return (
    <form className="hold-release" onSubmit={(e) => void submit(e)} data-testid="release-form" aria-label={t('release.aria')}>
      <LimitedField className="hold-release__reason" limit={FIELD_LIMITS.releaseReason} min={3} required value={reason} onChange={setReason} testId="release-reason" />
      <fieldset className="hold-release__second">
        <legend>{t('release.second')}</legend>
        <label>
          <select className="input" value={method} onChange={(e) => setMethod(e.target.value as 'badge' | 'name')} data-testid="release-method">
            <option value="badge">{t('release.badge')}</option>
            <option value="name">{t('release.userName')}</option>
          </select>
        </label>
        <label>
          {method === 'badge' ? t('release.badge') : t('release.userName')}
          <input className="input" value={who} onChange={(e) => setWho(e.target.value)} autoComplete="off" data-testid="release-who" />
        </label>
        <label>
          {t('release.pin')}
          <input className="input input--num" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" data-testid="release-pin" />
        </label>
      </fieldset>
      <HoldsAnswerLine at={answerAt('release', hold.id)} />
      <div className="hold-release__actions">
        <button type="submit" className="button button--primary" disabled={busy || !typedOk(FIELD_LIMITS.releaseReason, reason, 3)} data-testid="release-submit">
          {t('release.submit')}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
