import { windowProblem, windowProblemCode } from '../../../../../shared/domain/hold.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';
import { scopeProblem } from '../../../../../electron/core/features/holds/placeHold.ts';
import type { HoldsDeps } from '../../../../../electron/core/features/holds/holdsDeps.ts';

/**
 * The place-hold checks the core makes (scope against the plant and the clock) carry a core message: a
 * German reader reads them in German; the English text is the one the form shares (shared/domain/hold.ts).
 */
describe('place-hold checks in the reader’s language', () => {
  const deps = { config: { lines: [{ id: 'L1' }] } } as unknown as Pick<HoldsDeps, 'config'>;
  const now = Date.UTC(2026, 11, 6, 12);
  const cases: [number, number][] = [
    [Number.NaN, now],
    [now - 60_000, now - 120_000],
    [now + 60_000, now + 120_000],
    [now - 60_000, now + 3_600_000],
    [now - 40 * 86_400_000, now - 60_000],
  ];
  it('every window problem: the English text as the form has it, and German words', () => {
    for (const [from, to] of cases) {
      const m = scopeProblem(deps, { kind: 'window', lineId: 'L1', from, to } as never, now);
      expect(windowProblemCode(from, to, now)).not.toBeNull();
      expect(m).not.toBeNull();
      expect(renderMessage(m!, 'en')).toBe(windowProblem(from, to, now));
      expect(renderMessage(m!, 'de')).not.toBe(renderMessage(m!, 'en'));
    }
  });
  it('an unknown line and a line hold that starts later', () => {
    const noLine = scopeProblem(deps, { kind: 'line', lineId: 'L9', from: now } as never, now)!;
    expect(renderMessage(noLine, 'en')).toBe('No line L9 in this plant');
    expect(renderMessage(noLine, 'de')).toBe('Keine Linie L9 in diesem Werk');
    const later = scopeProblem(deps, { kind: 'line', lineId: 'L1', from: now + 3_600_000 } as never, now)!;
    expect(renderMessage(later, 'de')).toBe('Eine Liniensperre beginnt jetzt oder früher');
  });
});
