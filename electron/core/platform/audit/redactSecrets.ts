/** Keys whose values never go into the audit trail or a log, whoever passes them. */
const SECRET_KEY = /pin|pass(word|phrase)?|secret|token|credential|private.?key|api.?key|bootstrap.?code/i;

export const REDACTED = '***';

/** A copy of `value` with every secret-looking field replaced; the input is not changed. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redactSecrets(v, depth + 1);
  return out;
}
