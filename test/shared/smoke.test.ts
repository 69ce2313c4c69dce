import { fail, ok } from '../../shared/contract/envelope.ts';
it('builds envelopes', () => {
  expect(ok(1)).toEqual({ ok: true, value: 1 });
  expect(fail('BAD_REQUEST', 'x')).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'x' } });
});
