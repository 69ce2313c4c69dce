import fc from 'fast-check';
import type { HostileValue } from '../../../electron/demo/demoHostile.ts';

/** Values a broken or hostile controller could publish (matrix T19). */

const GOOD = 0x00000000;
const statusCode = fc.oneof(
  { weight: 5, arbitrary: fc.constant(GOOD) },
  { weight: 2, arbitrary: fc.constantFrom(0x40000000, 0x408f0000, 0x40920000, 0x40a40000) }, // Uncertain, …LastUsableValue, …SensorNotAccurate, …InitialValue
  { weight: 2, arbitrary: fc.constantFrom(0x80000000, 0x808a0000, 0x80310000, 0x808b0000) }, // Bad, BadSensorFailure, BadNoCommunication, BadOutOfService
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
);

const timestamp = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.date({ min: new Date('1601-01-02T00:00:00Z'), max: new Date('1970-01-01T00:00:00Z'), noInvalidDate: true }) },
  { weight: 2, arbitrary: fc.date({ min: new Date('2100-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -5_000, max: 5_000 }).map((ms) => new Date(Date.now() + ms)) },
);

const double = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.MAX_VALUE, Number.MIN_VALUE));

const bigString = fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => 'x'.repeat(n));

const scalar: fc.Arbitrary<Pick<HostileValue, 'dataType' | 'value' | 'isArray'>> = fc.oneof(
  { weight: 4, arbitrary: double.map((value) => ({ dataType: 'Double' as const, value })) },
  { weight: 2, arbitrary: double.map((value) => ({ dataType: 'Float' as const, value: Math.fround(value) })) },
  { weight: 3, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ dataType: 'Int32' as const, value })) },
  // Counters, including ones going backwards and near the UInt32 wrap.
  { weight: 4, arbitrary: fc.oneof(fc.nat({ max: 2 ** 32 - 1 }), fc.integer({ min: 2 ** 32 - 100, max: 2 ** 32 - 1 })).map((value) => ({ dataType: 'UInt32' as const, value })) },
  // node-opcua's 64-bit form: [high, low] unsigned words (two's complement for Int64).
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 })).map((value) => ({ dataType: 'Int64' as const, value })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 })).map((value) => ({ dataType: 'UInt64' as const, value })) },
  { weight: 2, arbitrary: fc.boolean().map((value) => ({ dataType: 'Boolean' as const, value })) },
  { weight: 3, arbitrary: fc.string({ maxLength: 64, unit: 'binary' }).map((value) => ({ dataType: 'String' as const, value })) },
  { weight: 1, arbitrary: fc.string({ minLength: 4000, maxLength: 9000 }).map((value) => ({ dataType: 'String' as const, value })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((a) => ({ dataType: 'ByteString' as const, value: Buffer.from(a) })) },
  { weight: 1, arbitrary: timestamp.map((d) => ({ dataType: 'DateTime' as const, value: d ?? new Date(0) })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ dataType: 'LocalizedText' as const, value: { text } })) },
  { weight: 1, arbitrary: fc.array(double, { maxLength: 200 }).map((value) => ({ dataType: 'Double' as const, value: Float64Array.from(value), isArray: true })) },
);

const huge = fc.oneof(
  bigString.map((value) => ({ dataType: 'String' as const, value })),
  fc.integer({ min: 10_000, max: 100_000 }).map((n) => ({ dataType: 'Double' as const, value: new Float64Array(n).fill(1.5), isArray: true })),
);

export const hostileValue: fc.Arbitrary<HostileValue> = fc
  .record({
    // 1 in 500: a 100 kB – 1 MB string or a 10k – 100k element array.
    body: fc.oneof({ weight: 499, arbitrary: scalar }, { weight: 1, arbitrary: huge }),
    statusCode,
    sourceTimestamp: timestamp,
  })
  .map(({ body, statusCode: sc, sourceTimestamp }) => ({ ...body, statusCode: sc, sourceTimestamp }));
