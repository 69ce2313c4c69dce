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
