/**
 * The `$filter` subset the SAP sandbox understands: eq ne gt ge lt le, and, or, parentheses,
 * 'strings', guid'…', true/false, numbers. Anything else throws, and the sandbox answers 400
 * (never silently ignores a query option).
 */
type Node = { op: 'and' | 'or'; a: Node; b: Node } | { op: 'cmp'; field: string; cmp: string; value: string | number | boolean };

export type Predicate = (rec: Record<string, unknown>) => boolean;

/** `onField` sees every property the filter names and may throw to refuse it (the sandbox checks them against the EDMX). */
export function parseFilter(text: string, onField?: (field: string) => void): Predicate {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const take = () => tokens[i++];
  function expr(): Node {
    let n = andExpr();
    while (peek() === 'or') {
      take();
      n = { op: 'or', a: n, b: andExpr() };
    }
    return n;
  }
  function andExpr(): Node {
    let n = atom();
    while (peek() === 'and') {
      take();
      n = { op: 'and', a: n, b: atom() };
    }
    return n;
  }
  function atom(): Node {
    const t = take();
    if (t === '(') {
      const n = expr();
      if (take() !== ')') throw new Error('missing )');
      return n;
    }
    if (!t || !/^[A-Za-z_]\w*$/.test(t)) throw new Error(`expected a property at "${t ?? 'end'}"`);
    const cmp = take();
    if (!cmp || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(cmp)) throw new Error(`unsupported operator "${cmp ?? 'end'}"`);
    onField?.(t);
    return { op: 'cmp', field: t, cmp, value: literal(take()) };
  }
  const root = expr();
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i]}"`);
  return (rec) => evaluate(root, rec);
}

function literal(t: string | undefined): string | number | boolean {
  if (t === undefined) throw new Error('missing value');
  if (t === 'true' || t === 'false') return t === 'true';
  let m = /^guid'([0-9a-fA-F-]{36})'$/.exec(t);
  if (m) return m[1]!.toLowerCase();
  m = /^'((?:[^']|'')*)'$/.exec(t);
  if (m) return m[1]!.replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new Error(`unsupported literal ${t}`);
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /\s*(\(|\)|guid'[^']*'|'(?:[^']|'')*'|[A-Za-z_][\w]*|-?\d+(?:\.\d+)?)/y;
  let pos = 0;
  while (pos < s.length) {
    if (/^\s*$/.test(s.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) throw new Error(`cannot read $filter at "${s.slice(pos, pos + 20)}"`);
    out.push(m[1]!);
    pos = re.lastIndex;
  }
  return out;
}

function evaluate(n: Node, rec: Record<string, unknown>): boolean {
  if (n.op !== 'cmp') return n.op === 'and' ? evaluate(n.a, rec) && evaluate(n.b, rec) : evaluate(n.a, rec) || evaluate(n.b, rec);
  let v = rec[n.field];
  if (typeof v === 'string' && typeof n.value === 'string' && /^[0-9a-f-]{36}$/.test(n.value)) v = v.toLowerCase();
  const x = n.value;
  const cmpVal = typeof x === 'number' && typeof v === 'string' ? Number(v) : v;
  switch (n.cmp) {
    case 'eq':
      return cmpVal === x;
    case 'ne':
      return cmpVal !== x;
    case 'gt':
      return (cmpVal as number | string) > (x as number | string);
    case 'ge':
      return (cmpVal as number | string) >= (x as number | string);
    case 'lt':
      return (cmpVal as number | string) < (x as number | string);
    default:
      return (cmpVal as number | string) <= (x as number | string);
  }
}
