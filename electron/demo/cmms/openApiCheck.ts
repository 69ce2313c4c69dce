import fs from 'node:fs';

/**
 * A small checker for the part of OpenAPI 3 / JSON Schema that MaintainX's published description uses on
 * the work-order paths (type, nullable, enum, required, properties, items, oneOf/anyOf, minimum/maximum).
 * Written from the specification, not from the adapter, so that a wrong field name in the adapter is
 * refused by the sandbox instead of being mirrored by it.
 */
export type Schema = {
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
};
export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: { 'application/json'?: { schema?: Schema } } };
}
export interface OpenApiDoc {
  'x-source': Record<string, string>;
  paths: Record<string, Record<string, Operation>>;
}

export function loadOpenApi(file: URL): OpenApiDoc {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDoc;
}

export function operation(doc: OpenApiDoc, path: string, method: string): Operation {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`the published description has no ${method} ${path}`);
  return op;
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);

/** Problems of `v` against `s`, each as { error, fieldPath } (the shape of MaintainX's 400 answers). */
export function check(s: Schema | undefined, v: unknown, path: string, strictObjects: boolean): { error: string; fieldPath: string }[] {
  if (!s) return [];
  if (v === null) return s.nullable || s.type === undefined ? [] : [{ error: 'must not be null', fieldPath: path }];
  const alts = s.oneOf ?? s.anyOf;
  if (alts) return alts.some((a) => check(a, v, path, strictObjects).length === 0) ? [] : [{ error: 'must match one of the allowed forms', fieldPath: path }];
  const t = typeOf(v);
  if (s.type && !(s.type === t || (s.type === 'number' && t === 'integer'))) return [{ error: `must be ${s.type}`, fieldPath: path }];
  if (s.enum && !s.enum.includes(v)) return [{ error: `must be equal to one of the allowed values: ${s.enum.join(', ')}`, fieldPath: path }];
  if (typeof v === 'number' && ((s.minimum !== undefined && v < s.minimum) || (s.maximum !== undefined && v > s.maximum))) return [{ error: `must be between ${s.minimum ?? '-∞'} and ${s.maximum ?? '∞'}`, fieldPath: path }];
  const out: { error: string; fieldPath: string }[] = [];
  if (t === 'object' && (s.type === 'object' || s.properties)) {
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (o[r] === undefined) out.push({ error: `should have required property '${r}'`, fieldPath: path ? `${path}.${r}` : r });
    for (const [k, val] of Object.entries(o)) {
      const p = s.properties?.[k];
      const fp = path ? `${path}.${k}` : k;
      if (p) out.push(...check(p, val, fp, strictObjects));
      else if (typeof s.additionalProperties === 'object') out.push(...check(s.additionalProperties, val, fp, strictObjects));
      else if (s.additionalProperties === false || (strictObjects && s.properties)) out.push({ error: `is not a property of this object`, fieldPath: fp });
    }
  }
  if (t === 'array' && s.items) (v as unknown[]).forEach((x, i) => out.push(...check(s.items, x, `${path}[${i}]`, strictObjects)));
  return out;
}

/** Query parameters: unknown names are refused; values are converted by the declared type and checked. */
export function checkQuery(op: Operation, q: URLSearchParams): { error: string; fieldPath: string }[] {
  const declared = new Map((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const out: { error: string; fieldPath: string }[] = [];
  for (const name of new Set(q.keys())) {
    const p = declared.get(name);
    if (!p) {
      out.push({ error: 'is not a query parameter of this operation', fieldPath: name });
      continue;
    }
    const raw = q.getAll(name);
    const conv = (x: string, s: Schema | undefined): unknown => (s?.type === 'integer' || s?.type === 'number' ? (x.trim() !== '' && Number.isFinite(Number(x)) ? Number(x) : x) : s?.type === 'boolean' ? (x === 'true' ? true : x === 'false' ? false : x) : x);
    const value = p.schema?.type === 'array' ? raw.map((x) => conv(x, p.schema?.items)) : conv(raw[raw.length - 1]!, p.schema);
    out.push(...check(p.schema, value, name, false));
  }
  return out;
}

export function bodySchema(op: Operation): Schema | undefined {
  return op.requestBody?.content?.['application/json']?.schema;
}
