import type { DataValue } from 'node-opcua-client';
import type { LiveValue, LiveValueFlag } from './opcuaTypes.ts';
import type { Quality } from '../../../../shared/domain/line.ts';

/** Longer strings are cut: an order number or product code never needs more, and a 1 MB string must not travel on. */
export const MAX_STRING = 4096;
/** A source timestamp further than this from the server's is not believed (clock skew, garbage). */
const MAX_SKEW_MS = 86_400_000;
/** OPC UA's "no timestamp" is DateTime 0 = 1601-01-01. */
const OPCUA_MIN_DATE = Date.UTC(1601, 0, 1);

/**
 * The one place a DataValue becomes a LiveValue. Never throws: whatever a controller sends (matrix T19) comes
 * out as a value the rest of the core can handle, with its quality and what had to be corrected.
 */
export function mapDataValue(tagId: string, dv: DataValue): LiveValue {
  try {
    return map(tagId, dv);
  } catch {
    return { tagId, value: null, quality: 'bad', sourceTs: null, serverTs: null, flags: ['unsupported-type'] };
  }
}

function map(tagId: string, dv: DataValue): LiveValue {
  // Nearly every notification is a Good scalar number or flag with both timestamps: one object, no
  // intermediate ones (this runs for every value at ingest rate). Anything else takes the full path below.
  const sc = dv.statusCode?.value;
  const variant = dv.value;
  if (sc === 0 && variant && variant.arrayType === 0) {
    const raw: unknown = variant.value;
    if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') {
      const serverTs = ms(dv.serverTimestamp);
      const sourceTs = ms(dv.sourceTimestamp);
      if (sourceTs === null || serverTs === null || Math.abs(sourceTs - serverTs) <= MAX_SKEW_MS) return { tagId, value: raw, quality: 'good', sourceTs, serverTs };
    }
  }
  const flags: LiveValueFlag[] = [];
  const code = typeof dv.statusCode?.value === 'number' ? dv.statusCode.value : 0x80000000;
  let quality = qualityOf(code);
  // Overflow bit (InfoType DataValue, bit 7): the server's queue dropped older values.
  if ((code & 0x0400) !== 0 && (code & 0x0080) !== 0) flags.push('overflow');
  let value: LiveValue['value'] = null;
  // Only values that are not Good pay for the words (this runs at ingest rate).
  const reason = quality === 'good' ? undefined : statusReason(quality, dv.statusCode?.name);
  if (quality !== 'bad') {
    const r = scalar(dv.value?.value, dv.value?.arrayType);
    value = r.value;
    if (r.flag) flags.push(r.flag);
    // A Good status with an unusable value is not Good data.
    if (r.flag === 'nonfinite' || r.flag === 'unsupported-type') quality = 'bad';
  }
  const serverTs = ms(dv.serverTimestamp);
  let sourceTs = ms(dv.sourceTimestamp);
  if (sourceTs !== null && serverTs !== null && Math.abs(sourceTs - serverTs) > MAX_SKEW_MS) {
    sourceTs = null;
    flags.push('timestamp-skew');
  }
  const out: LiveValue = reason === undefined ? { tagId, value, quality, sourceTs, serverTs } : { tagId, value, quality, sourceTs, serverTs, reason };
  return flags.length > 0 ? { ...out, flags } : out;
}

function scalar(v: unknown, arrayType: unknown): { value: LiveValue['value']; flag?: LiveValueFlag } {
  // VariantArrayType: 0 scalar, 1 array, 2 matrix.
  if (typeof arrayType === 'number' && arrayType !== 0) return { value: null, flag: 'unsupported-type' };
  if (typeof v === 'boolean') return { value: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v } : { value: null, flag: 'nonfinite' };
  if (typeof v === 'bigint') return { value: Number(v) };
  if (typeof v === 'string') return v.length > MAX_STRING ? { value: v.slice(0, MAX_STRING), flag: 'truncated' } : { value: v };
  if (v === null || v === undefined) return { value: null };
  // Int64/UInt64: node-opcua gives [high, low] 32-bit words.
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isInteger(x))) {
    const n = v[0]! * 2 ** 32 + (v[1]! >>> 0);
    return Number.isSafeInteger(n) ? { value: n } : { value: null, flag: 'nonfinite' };
  }
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isFinite(t) ? { value: t } : { value: null, flag: 'nonfinite' };
  }
  // LocalizedText (e.g. OPC 40001 MachineryItemState.CurrentState): its text.
  if (typeof v === 'object' && 'text' in v) {
    const text = (v as { text: unknown }).text;
    if (typeof text === 'string') return scalar(text, 0);
    if (text === null || text === undefined) return { value: null };
  }
  return { value: null, flag: 'unsupported-type' };
}

function ms(d: Date | null | undefined): number | null {
  if (!(d instanceof Date)) return null;
  const t = d.getTime();
  return Number.isFinite(t) && t > OPCUA_MIN_DATE ? t : null;
}

/** Top two bits of a status code: 00 good, 01 uncertain, 1x bad. */
export function qualityOf(statusCodeValue: number): Quality {
  const severity = statusCodeValue >>> 30;
  return severity === 0 ? 'good' : severity === 1 ? 'uncertain' : 'bad';
}

/** A value for a tag that cannot be read or is not live (link down, unknown node), with why where known. */
export function badValue(tagId: string, reason?: string): LiveValue {
  const v: LiveValue = { tagId, value: null, quality: 'bad', sourceTs: null, serverTs: null };
  return reason === undefined ? v : { ...v, reason };
}

/** The status a controller sent with a value that is not Good, in words; the status name kept for the technician. */
function statusReason(quality: Quality, name: string | undefined): string {
  const word = quality === 'bad' ? 'Bad' : 'Uncertain';
  return name && name !== word ? `The controller reports the value as ${word} (${name}).` : `The controller reports the value as ${word}.`;
}
