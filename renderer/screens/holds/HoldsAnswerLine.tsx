import { useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { type HoldsAnswer, useHoldsAnswer } from '../../stores/holdsStore.ts';
import type { Translate } from '../../i18n/index.tsx';

/** A holds answer in the language on screen: the success with the interlock's state in words, or the core's refusal. */
export function holdsAnswerText(a: HoldsAnswer, t: Translate, tm: ReturnType<typeof useTMessage>): string {
  if (!a.ok || !a.key) return answerText(a, t, tm);
  // Why, said by the core's message (what happened, what to do); the controller's words only when there is none (older answers).
  const why = a.interlock ? (a.interlock.whyMsg ? tm(a.interlock.whyMsg, a.interlock.why ?? '').replace(/[.\s]+$/, '') : a.interlock.why) : null;
  const interlock = a.interlock ? t(`holds:answers.interlock.${a.interlock.state}`, { why: why ?? t('holds:answers.interlock.unknown') }) : '';
  return t(a.key, { ...(a.params ?? {}), interlock });
}

/** Which form an answer belongs to (`release:<hold id>`, `hold:<hold id>`), as holdsStore's commands name it. */
export const answerAt = (form: 'release' | 'hold', holdId: string): string => `${form}:${holdId}`;

/** The core's answer to a holds command, shown at the form that sent it (not at the top of the screen). */
export function HoldsAnswerLine({ at }: { readonly at: string }) {
  const t = useT('holds');
  const tm = useTMessage();
  const answer = useHoldsAnswer(at);
  if (!answer) return null;
  return (
    <p className={`form-answer ${answer.ok ? 'command-ok' : 'command-error'}`} role={answer.ok ? 'status' : 'alert'} data-testid="holds-message" data-at={at}>
      {holdsAnswerText(answer, t, tm)}
    </p>
  );
}
