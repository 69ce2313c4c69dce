/** One line per row, as the matrix asks: `T<n>: <figure>=<value> (target <t>) ; … PASS|FAIL`. */
export interface Figure {
  name: string;
  value: string | number;
  target?: string;
  report?: boolean;
}

export function rowLine(row: string, figures: Figure[], pass: boolean): string {
  const parts = figures.map((f) => `${f.name}=${f.value}${f.report ? ' (report)' : f.target ? ` (target ${f.target})` : ''}`);
  return `${row}: ${parts.join(' ; ')} ${pass ? 'PASS' : 'FAIL'}`;
}

export const p95 = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
};

/**
 * The most requests the sandbox was working on at once, from its request log (`/__sandbox/log`: when each
 * request arrived and how long it took, to the millisecond). Only paths ending in `pathEnd` count (the
 * `$batch` posts). A request shorter than a millisecond counts as one millisecond long, and one that ends
 * in the millisecond another starts does not overlap it, so on loopback the figure can be off by one.
 */
export function maxInFlight(entries: readonly { at: number; ms: number; path: string }[], pathEnd = '/$batch'): number {
  const edges: [number, number][] = [];
  for (const e of entries) {
    if (!e.path.endsWith(pathEnd)) continue;
    edges.push([e.at, 1], [e.at + Math.max(1, e.ms), -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}

/** The row's requests in flight as the SAP sandbox saw them (its in-process request log), as a reported figure. */
export const inFlightFigure = (sandbox: { base: { log: readonly { at: number; ms: number; path: string }[] } }): Figure => ({ name: 'max_in_flight', value: maxInFlight(sandbox.base.log), report: true });
