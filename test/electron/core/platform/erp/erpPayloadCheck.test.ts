import fc from 'fast-check';
import { z } from 'zod';
import { ConfirmationCancelPayload, ConfirmationPostPayload, correctConfirmation } from '../../../../../electron/core/platform/erp/erpPayloads.ts';

// The payload schemas are compiled (z.compile) because the SAP adapter checks every stored payload each
// time it is sent. The compiled check must answer exactly as zod's ordinary parser: same verdict, same
// data (defaults filled, unknown keys dropped), same messages. The ordinary parser is the same shape
// built again with z.object.
const runtimePost = z.object(ConfirmationPostPayload.shape);
const runtimeCancel = z.object(ConfirmationCancelPayload.shape);

const valid = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  plantId: '1710',
  lineId: 'L1',
  workCenterId: 'LINE01',
  shift: { date: '2026-03-02', code: 'Early' },
  order: { erpOrderId: '1001123', operationId: '0010', sequence: '0' },
  postingDate: '2026-03-02',
  finality: 'partial',
  quantities: { yield: '412', scrap: '3', rework: '0', uom: 'PC' },
  execution: { start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T13:00:00.000Z' },
  capturedAt: '2026-03-02T13:05:00.000Z',
  capturedBy: 'jdoe',
};

// A damaged or hand-edited value at any place of the payload: another type, empty, too long, not a number…
const oddValue = fc.oneof(
  fc.constantFrom(null, undefined, '', 'x', '12.3456', '-1', '1e3', '0010', '00000', 'final', 'partial', 'PCSX', 'PC', 7, 0, true, [], {}, '2026-13-45', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  fc.string({ maxLength: 14 }),
  fc.integer(),
);
const PATHS = [
  ['id'],
  ['plantId'],
  ['lineId'],
  ['workCenterId'],
  ['shift'],
  ['shift', 'date'],
  ['order', 'erpOrderId'],
  ['order', 'operationId'],
  ['order', 'sequence'],
  ['postingDate'],
  ['finality'],
  ['quantities'],
  ['quantities', 'yield'],
  ['quantities', 'scrap'],
  ['quantities', 'uom'],
  ['quantities', 'varianceReason'],
  ['execution', 'end'],
  ['capturedBy'],
  ['capturedByName'],
  ['supersedes'],
  ['extra'],
] as const;

const withValueAt = (base: Record<string, unknown>, path: readonly string[], v: unknown): Record<string, unknown> => {
  const copy = structuredClone(base);
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    if (typeof at[k] !== 'object' || at[k] === null) at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  if (v === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = v;
  return copy;
};

const same = (a: z.ZodSafeParseResult<unknown>, b: z.ZodSafeParseResult<unknown>) => {
  expect(a.success).toBe(b.success);
  if (a.success && b.success) expect(a.data).toEqual(b.data);
  if (!a.success && !b.success) expect(a.error.issues).toEqual(b.error.issues);
};

describe('compiled payload schemas answer as the ordinary parser', () => {
  it('zod can compile both schemas (strict: no silent fall back to the ordinary parser)', () => {
    expect(() => z.compile(runtimePost, { strict: true })).not.toThrow();
    expect(() => z.compile(runtimeCancel, { strict: true })).not.toThrow();
  });

  it('a valid confirmation: the same data, the default sequence filled in and unknown keys dropped', () => {
    same(ConfirmationPostPayload.safeParse(valid), runtimePost.safeParse(valid));
    const { sequence: _s, ...order } = valid.order;
    const r = ConfirmationPostPayload.safeParse({ ...valid, order, stray: 1 });
    expect(r.success && r.data.order.sequence).toBe('0');
    expect(r.success && 'stray' in r.data).toBe(false);
  });

  it('a damaged confirmation is refused with the same first message the adapter shows', () => {
    const bad = withValueAt(valid, ['quantities', 'yield'], '4x2');
    const a = ConfirmationPostPayload.safeParse(bad);
    expect(a.success).toBe(false);
    same(a, runtimePost.safeParse(bad));
    // A supervisor's correction is checked by the same compiled schema.
    expect(correctConfirmation(valid, { yield: '1.23456' })).toEqual({ ok: false, message: expect.stringContaining('quantities.yield') });
  });

  it('agrees with the ordinary parser on one or two odd values anywhere in a confirmation (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS), oddValue), { minLength: 1, maxLength: 2 }), (edits) => {
        const p = edits.reduce<Record<string, unknown>>((acc, [path, v]) => withValueAt(acc, path, v), valid);
        same(ConfirmationPostPayload.safeParse(p), runtimePost.safeParse(p));
        // What a damaged file can hold as well: the payload text cut short or not an object at all.
        const text = JSON.stringify(p);
        for (const x of [JSON.parse(JSON.stringify(text.slice(0, text.length >> 1))), 42, null, [p]]) same(ConfirmationPostPayload.safeParse(x), runtimePost.safeParse(x));
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with the ordinary parser on reversals, with and without the record of a duplicate (property)', () => {
    const cancel = { id: valid.id, reverses: '6ba7b810-9dad-51d1-80b4-00c04fd430c8', order: { erpOrderId: '1001123', operationId: '0010' }, reason: 'wrong count', capturedAt: valid.capturedAt, capturedBy: 'jdoe' };
    fc.assert(
      fc.property(fc.constantFrom(['reverses'], ['order', 'operationId'], ['reason'], ['record'], ['record', 'ConfirmationGroup'], ['capturedBy'], ['id']), oddValue, (path, v) => {
        const p = withValueAt(cancel, path, v);
        same(ConfirmationCancelPayload.safeParse(p), runtimeCancel.safeParse(p));
      }),
      { numRuns: 1_000 },
    );
  });
});
