import fc from 'fast-check';
import { DataType, DataValue, StatusCodes, Variant, VariantArrayType } from 'node-opcua';
import { mapDataValue, MAX_STRING } from '../../../../../electron/core/platform/opcua/mapDataValue.ts';

const dv = (dataType: DataType, value: unknown, extra: Partial<{ statusCode: (typeof StatusCodes)['Good']; sourceTimestamp: Date; serverTimestamp: Date; arrayType: VariantArrayType }> = {}) =>
  new DataValue({
    value: new Variant({ dataType, value, arrayType: extra.arrayType ?? VariantArrayType.Scalar }),
    statusCode: extra.statusCode ?? StatusCodes.Good,
    ...(extra.sourceTimestamp ? { sourceTimestamp: extra.sourceTimestamp } : {}),
    ...(extra.serverTimestamp ? { serverTimestamp: extra.serverTimestamp } : {}),
  });

describe('mapDataValue: whatever a controller sends', () => {
  it('keeps Good numbers, booleans and strings with their timestamps', () => {
    const now = new Date();
    expect(mapDataValue('t', dv(DataType.UInt32, 42, { sourceTimestamp: now, serverTimestamp: now }))).toEqual({ tagId: 't', value: 42, quality: 'good', sourceTs: now.getTime(), serverTs: now.getTime() });
    expect(mapDataValue('t', dv(DataType.Boolean, true)).value).toBe(true);
    expect(mapDataValue('t', dv(DataType.String, 'A-100')).value).toBe('A-100');
  });

  it('never presents NaN or ±Infinity as Good data', () => {
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(mapDataValue('t', dv(DataType.Double, x))).toMatchObject({ value: null, quality: 'bad', flags: ['nonfinite'] });
    }
  });

  it('drops arrays and byte strings, cuts huge strings, reads LocalizedText and 64-bit counters', () => {
    expect(mapDataValue('t', dv(DataType.Double, [1, 2, 3], { arrayType: VariantArrayType.Array }))).toMatchObject({ value: null, quality: 'bad', flags: ['unsupported-type'] });
    expect(mapDataValue('t', dv(DataType.ByteString, Buffer.from('x')))).toMatchObject({ value: null, quality: 'bad' });
    const big = mapDataValue('t', dv(DataType.String, 'x'.repeat(1_000_000)));
    expect(big).toMatchObject({ quality: 'good', flags: ['truncated'] });
    expect((big.value as string).length).toBe(MAX_STRING);
    expect(mapDataValue('t', dv(DataType.LocalizedText, { text: 'Executing' })).value).toBe('Executing');
    expect(mapDataValue('t', dv(DataType.UInt64, [1, 5])).value).toBe(2 ** 32 + 5);
  });

  it('carries Bad and Uncertain status as quality, with no value for Bad', () => {
    expect(mapDataValue('t', dv(DataType.UInt32, 7, { statusCode: StatusCodes.BadSensorFailure }))).toMatchObject({ value: null, quality: 'bad' });
    expect(mapDataValue('t', dv(DataType.UInt32, 7, { statusCode: StatusCodes.UncertainLastUsableValue }))).toMatchObject({ value: 7, quality: 'uncertain' });
  });

  it('does not believe a source timestamp more than a day from the server timestamp', () => {
    const server = new Date();
    const r = mapDataValue('t', dv(DataType.UInt32, 1, { sourceTimestamp: new Date('9999-01-01T00:00:00Z'), serverTimestamp: server }));
    expect(r).toMatchObject({ sourceTs: null, serverTs: server.getTime(), flags: ['timestamp-skew'] });
  });

  it('never throws and never returns an unusable Good value, for 20,000 arbitrary inputs', () => {
    const anyValue = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 5000 }), fc.boolean(), fc.constant(null), fc.array(fc.double(), { maxLength: 5 }), fc.date({ noInvalidDate: false }), fc.object(), fc.bigInt());
    fc.assert(
      fc.property(anyValue, fc.integer({ min: 0, max: 0xffffffff }), fc.option(fc.date({ noInvalidDate: false })), fc.integer({ min: 0, max: 2 }), (value, code, ts, arrayType) => {
        // A raw object shaped like a DataValue: what a decoder bug or a hostile server could hand us.
        const raw = { value: { value, arrayType }, statusCode: { value: code }, sourceTimestamp: ts, serverTimestamp: ts } as unknown as DataValue;
        const r = mapDataValue('t', raw);
        if (r.quality === 'good') {
          const ok = r.value === null || typeof r.value === 'boolean' || (typeof r.value === 'number' && Number.isFinite(r.value)) || (typeof r.value === 'string' && r.value.length <= MAX_STRING);
          if (!ok) return false;
          if (code >>> 30 !== 0) return false;
        }
        return r.sourceTs === null || Number.isFinite(r.sourceTs);
      }),
      { numRuns: 20_000, seed: 20261123 },
    );
  });
});
