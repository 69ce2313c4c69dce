import type { WireError } from '../../shared/contract/envelope.ts';
import { useT, useTMessage } from '../i18n/index.tsx';
import { useMay } from '../stores/sessionStore.ts';

export interface ErrorNoteProps {
  /** A refusal or failure from the core (or, from a screen not converted yet, its English text). */
  readonly error: Pick<WireError, 'message' | 'msg' | 'technical'> | string | null | undefined;
  readonly testId?: string;
  readonly className?: string;
}

/**
 * A refusal or failure in the language on screen: the core's catalogue message (`error.msg`), else its
 * English text. What a library or remote system said (`error.technical`: socket code, HTTP status, SQLite
 * code) sits behind a "Details" disclosure for an administrator; the core sends it to nobody else, and this
 * shows it to nobody else either.
 */
export function ErrorNote(props: ErrorNoteProps) {
  const admin = useMay(['admin']);
  return <ErrorNoteView {...props} admin={admin} />;
}

/** ErrorNote for a known role: `admin` decides whether the Details disclosure is there. */
export function ErrorNoteView({ error, testId, className = 'command-error', admin }: ErrorNoteProps & { readonly admin: boolean }) {
  const tm = useTMessage();
  const t = useT('core');
  if (!error) return null;
  const e = typeof error === 'string' ? { message: error } : error;
  return (
    <div className={className} role="alert" data-testid={testId}>
      <p>{tm(e.msg, e.message)}</p>
      {admin && e.technical ? (
        <details className="error-details" data-testid={testId ? `${testId}-details` : undefined}>
          <summary title={t('ui.detailsHint')}>{t('ui.details')}</summary>
          <pre>{e.technical}</pre>
        </details>
      ) : null}
    </div>
  );
}
