/**
 * JSON with object keys sorted at every level and no whitespace, so the same value always gives the
 * same bytes and therefore the same hash. Values JSON cannot carry become null (undefined, functions,
 * NaN, Infinity), bigint becomes a decimal string, Dates their ISO text; cycles are a bug and throw.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, new Set());
}

function encode(value: unknown, seen: Set<object>): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return 'null';
  }
  const obj = value as object;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'null' : JSON.stringify(obj.toISOString());
  if (seen.has(obj)) throw new Error('canonicalJson: cyclic value');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((v) => encode(v, seen)).join(',')}]`;
    const entries = Object.entries(obj)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${encode(v, seen)}`).join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}
