import { useHoldsAnswer } from '../../stores/holdsStore.ts';

/** The core's answer to a holds command, shown at the form that sent it (not at the top of the screen). */
export function HoldsAnswerLine({ at }: { readonly at: string }) {
  const answer = useHoldsAnswer(at);
  if (!answer) return null;
  return (
    <p className={`form-answer ${answer.ok ? 'command-ok' : 'command-error'}`} role={answer.ok ? 'status' : 'alert'} data-testid="holds-message" data-at={at}>
      {answer.text}
    </p>
  );
}
