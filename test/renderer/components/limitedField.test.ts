import { commands } from '../../../shared/contract/commands.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { typedOk, typedProblem } from '../../../renderer/components/LimitedField.tsx';
import { type HoldFormInput, scopeOf } from '../../../renderer/screens/holds/holdFormModel.ts';
import { i18n } from '../../../renderer/i18n/instance.ts';

/** The form's words (scopeOf) in English, as the core's refusal is compared with. */
const en = (k: string, o?: Record<string, unknown>) => i18n.getFixedT('en')(k, o as never) as unknown as string;

const ARABIC = 'توقف الخط بسبب انسداد في المغذي';
const HEBREW = 'עצירה בגלל תקלה במזין';
const EMOJI = '🧯🔥 jam at infeed 👷‍♀️';

/** What the core does with a text in a command's field: the parsed value, or the message it refuses with. */
function core(key: keyof typeof commands, build: (text: string) => unknown, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const r = commands[key].req.safeParse(build(text));
  return r.success ? { ok: true, value: r.data } : { ok: false, message: r.error.issues.map((i) => i.message).join('; ') };
}

describe('text fields never cut what is typed (defect 13.2)', () => {
  it('refuses an over-long lot next to the field, naming the ERP limit, as the core does', () => {
    const lot = 'LOT-2026-1206-A';
    expect(typedProblem(FIELD_LIMITS.lot, lot)).toBe('Lot number: at most 10 characters (SAP batch), got 15');
    expect(typedOk(FIELD_LIMITS.lot, lot)).toBe(false);
    const base: HoldFormInput = { kind: 'lot', lineId: 'L1', mode: 'last', minutes: 30, fromText: '', toText: '', orderId: '', lot };
    // The form does not make a (cut) scope out of it: it says why, and the Place button stays off.
    expect(scopeOf(base, Date.UTC(2026, 11, 6, 10), 'Europe/Berlin', en)).toBe('Lot number: at most 10 characters (SAP batch), got 15');
    expect(scopeOf({ ...base, kind: 'order', orderId: '1000234567890123' }, Date.UTC(2026, 11, 6, 10), 'Europe/Berlin', en)).toMatch(/at most 12 characters \(SAP order number\), got 16/);
  });

  it('stores Unicode, right-to-left and emoji text whole, and counts it as the core does', () => {
    for (const text of [ARABIC, HEBREW, EMOJI, 'Ölwechsel — Düse ø 3 mm', `${HEBREW} ${EMOJI}`]) {
      expect(typedProblem(FIELD_LIMITS.holdReason, text, 3)).toBeNull();
      const answer = core('holds.release', (reason) => ({ holdId: '3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f8a9b0c', reason, expectedRevision: 1 }), text);
      expect(answer.ok && (answer.value as { reason: string }).reason).toBe(text.trim());
    }
    // An emoji outside the BMP counts as two, on both sides: the person sees the count the core checks.
    const atLimit = '🔥'.repeat(FIELD_LIMITS.assignee.max / 2);
    expect(typedProblem(FIELD_LIMITS.assignee, atLimit)).toBeNull();
    expect(typedProblem(FIELD_LIMITS.assignee, `${atLimit}x`)).toMatch(/at most 80 characters, got 81/);
    expect(core('alerts.assign', (assignee) => ({ id: 1, assignee }), `${atLimit}x`)).toEqual({ ok: false, message: expect.stringMatching(/at most 80 characters, got 81/) });
  });

  it('every field the forms limit says the same as the core for text one over its limit', () => {
    const cases: [keyof typeof FIELD_LIMITS, keyof typeof commands, (t: string) => unknown][] = [
      ['holdReason', 'holds.place', (reason) => ({ scope: { kind: 'line', lineId: 'L1', from: Date.UTC(2026, 0, 1) }, reason, defectCategory: 'other', note: '' })],
      ['holdNote', 'holds.place', (note) => ({ scope: { kind: 'line', lineId: 'L1', from: Date.UTC(2026, 0, 1) }, reason: 'ok reason', defectCategory: 'other', note })],
      ['releaseReason', 'holds.release', (reason) => ({ holdId: '3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f8a9b0c', reason, expectedRevision: 1 })],
      ['alertReason', 'alerts.dismiss', (reason) => ({ id: 1, reason })],
      ['assignee', 'alerts.assign', (assignee) => ({ id: 1, assignee })],
      ['caseNote', 'cases.raise', (note) => ({ alertId: 1, note })],
      ['displayName', 'users.create', (displayName) => ({ userName: 'carl', displayName, badgeId: null, roles: ['supervisor'], pin: '8642' })],
    ];
    for (const [field, key, build] of cases) {
      const limit = FIELD_LIMITS[field];
      const over = `${'ش'.repeat(limit.max - 1)}🔥`; // max + 1 UTF-16 units, RTL and an emoji at the end
      const form = typedProblem(limit, over, 0);
      expect(form, field).toBe(`${limit.label}: at most ${limit.max} characters${limit.system ? ` (${limit.system})` : ''}, got ${limit.max + 1}`);
      const answer = core(key, build, over);
      expect(answer.ok, `${key} took an over-long ${field}`).toBe(false);
      expect(!answer.ok && answer.message, field).toContain(form!);
    }
  });
});
