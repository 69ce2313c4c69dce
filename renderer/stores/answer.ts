import type { WireError } from '../../shared/contract/envelope.ts';
import type { Namespace } from '../../shared/i18n/index.ts';
import { renderText } from '../../shared/i18n/render.ts';

/**
 * The answer to a person's command, kept in a store until the screen shows it: on success a catalogue key
 * (namespace-qualified, e.g. `alerts:answers.shelved`) and its parameters, on failure the core's refusal
 * (its catalogue message `msg` and English text). Stored as keys, not text, so the answer follows a change
 * of language while it is on screen.
 */
export interface Answer {
  readonly ok: boolean;
  /** The English text (a failure's `error.message`; on success the answer in English for logs and old screens). */
  readonly text: string;
  readonly key?: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly error?: Pick<WireError, 'message' | 'msg' | 'technical'>;
}

type T = (key: string, params?: Record<string, unknown>) => string;
type TM = (m: WireError['msg'] | null | undefined, fallback?: string) => string;

/** The answer in the language on screen: the success key through `t`, a refusal through `tm` (English text as fallback). */
export function answerText(a: Answer, t: T, tm: TM): string {
  if (a.key) return t(a.key, { ...(a.params ?? {}) });
  return tm(a.error?.msg, a.error?.message ?? a.text);
}

/** A success answer: the key (`ns:path`) and its English text for `text`. */
export function okAnswer(key: string, params?: Record<string, string | number>): Answer {
  const [ns, path] = key.split(':') as [Namespace, string];
  return { ok: true, key, ...(params ? { params } : {}), text: renderText('en', ns, path, params) ?? path };
}

/** A refusal from the core as an answer. */
export const failAnswer = (error: Pick<WireError, 'message' | 'msg' | 'technical'> | undefined): Answer => ({ ok: false, text: error?.message ?? 'failed', ...(error ? { error } : {}) });
