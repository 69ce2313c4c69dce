import { countSarif, toSarif } from '../../../scripts/lib/electronegativitySarif.ts';

const issue = (id: string, severity: string) => ({ id, file: 'electron/main/x.ts', location: { line: 3, column: 4 }, description: 'd', severity: { name: severity }, confidence: { name: 'FIRM' } });

describe('electronegativity SARIF', () => {
  it('round-trips severities and lists HIGH/MEDIUM findings as blocking', () => {
    const text = toSarif([issue('A', 'HIGH'), issue('B', 'MEDIUM'), issue('C', 'LOW'), issue('D', 'INFORMATIONAL')], [], '1.10.3', [{ rule: 'E', file: 'f.ts', line: 9 }]);
    const c = countSarif(text);
    expect(c.bySeverity).toEqual({ HIGH: 1, MEDIUM: 1, LOW: 1, INFORMATIONAL: 1 });
    expect(c.blocking).toEqual(['A electron/main/x.ts:3', 'B electron/main/x.ts:3']);
    expect(c.suppressed).toEqual(['E f.ts:9']);
    expect(c.unparsed).toBe(0);
  });

  it('fails closed: unknown severities and severity-less results (the tool’s own SARIF) count as HIGH', () => {
    expect(countSarif(toSarif([issue('A', 'CRITICAL')], [], 'x', [])).bySeverity.HIGH).toBe(1);
    const own = JSON.stringify({ version: '2.1.0', runs: [{ results: [{ ruleId: 'X', level: 'warning', message: { text: 'm' } }] }] });
    expect(countSarif(own).bySeverity.HIGH).toBe(1);
  });

  it('counts files the tool could not parse', () => {
    expect(countSarif(toSarif([], [{ file: 'a.ts', message: 'Unexpected token', tolerable: false }, { file: 'b.ts', message: 'w', tolerable: true }], 'x')).unparsed).toBe(1);
    expect(() => countSarif('{}')).toThrow(/no runs/);
  });
});
