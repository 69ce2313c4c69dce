import { useState } from 'react';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { LANG_NAMES, LANGS, type Lang } from '../../../shared/i18n/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useT } from '../../i18n/index.tsx';
import { chooseLanguage, usePlantLang } from '../../i18n/language.ts';
import { useSession } from '../../stores/sessionStore.ts';

/**
 * Settings › Language: the signed-in person's own language, kept with them by the core (auth.setLanguage,
 * audited), or the plant's. Each language is named in itself, so a person finds theirs in either.
 */
export function LanguagePanel() {
  const t = useT('settings');
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: true } | { ok: false; error: WireError } | null>(null);
  const plant = usePlantLang();
  const plantName = LANG_NAMES[plant];
  if (!session?.signedIn) {
    return (
      <section className="panel" data-testid="language-panel">
        <h2 className="panel__title">{t('language.title')}</h2>
        <p className="muted">{t('language.signInFirst', { plant: plantName })}</p>
      </section>
    );
  }
  const current = session.language ?? '';
  const choose = async (value: string) => {
    setBusy(true);
    setAnswer(null);
    const r = await chooseLanguage(value === '' ? null : (value as Lang));
    setBusy(false);
    setAnswer(r.ok ? { ok: true } : { ok: false, error: r.error });
  };
  return (
    <section className="panel" data-testid="language-panel">
      <h2 className="panel__title">{t('language.title')}</h2>
      <p className="muted">{t('language.intro', { plant: plantName })}</p>
      <label className="field">
        <span className="field__label">{t('language.label')}</span>
        <select className="field__input" style={{ maxWidth: '28rem' }} value={current} disabled={busy} onChange={(e) => void choose(e.target.value)} data-testid="language-select">
          <option value="">{t('language.plant', { plant: plantName })}</option>
          {LANGS.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANG_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      {answer?.ok ? (
        <p className="command-ok" role="status" data-testid="language-saved">
          {t('language.saved')}
        </p>
      ) : answer ? (
        <ErrorNote error={answer.error} testId="language-error" />
      ) : null}
    </section>
  );
}
