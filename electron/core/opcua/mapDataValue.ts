import type { DataValue } from 'node-opcua';
import type { LiveValue } from './opcuaTypes.ts';
import type { Quality } from '../../../shared/domain/line.ts';

/** The one place a DataValue becomes a LiveValue. */
export function mapDataValue(tagId: string, dv: DataValue): LiveValue {
  const quality = qualityOf(dv.statusCode.value);
  const v: unknown = dv.value?.value;
  let value: LiveValue['value'] = null;
  if (quality !== 'bad') {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') value = v;
    else if (typeof v === 'bigint') value = Number(v);
  }
  return {
    tagId,
    value,
    quality,
    sourceTs: dv.sourceTimestamp ? dv.sourceTimestamp.getTime() : null,
    serverTs: dv.serverTimestamp ? dv.serverTimestamp.getTime() : null,
  };
}

/** Top two bits of a status code: 00 good, 01 uncertain, 1x bad. */
export function qualityOf(statusCodeValue: number): Quality {
  const severity = statusCodeValue >>> 30;
  return severity === 0 ? 'good' : severity === 1 ? 'uncertain' : 'bad';
}

/** A value for a tag that cannot be read or is not live (link down, unknown node). */
export function badValue(tagId: string): LiveValue {
  return { tagId, value: null, quality: 'bad', sourceTs: null, serverTs: null };
}
