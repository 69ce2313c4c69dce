/**
 * The electronegativity gate, as data: its findings turned into SARIF 2.1.0, and a SARIF file turned
 * back into counts per severity. Pure (no files, no processes), so the gate's reading is unit-tested.
 *
 * Why our own SARIF writer: electronegativity 1.10.3 exits 0 whatever it finds, and the SARIF it writes
 * itself (`-o x.sarif`) carries no severity at all (every result is level "warning", or "note" when a
 * person must review it), so a gate cannot tell HIGH from INFORMATIONAL in it. It also writes that file
 * with an unawaited fs.writeFile, so a caller cannot know when it is complete. We take the same issue
 * list from its runner and write SARIF with the severity and confidence of each finding in
 * `properties`, and `level` following the severity.
 */

export type Severity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
const SEVERITIES: readonly Severity[] = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** One finding as electronegativity's runner returns it (only what we read). */
export interface EngIssue {
  id: string;
  file: string;
  location?: { line?: number; column?: number };
  description: string;
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean;
  sample?: string;
}

/** An `eng-disable` comment in the source: a finding a person reviewed and documented next to the code. */
export interface Suppression {
  rule: string;
  file: string;
  line: number;
}

/** A file electronegativity could not parse: it was not checked, which the gate must not hide. */
export interface EngError {
  file: string;
  message: string;
  tolerable: boolean;
}

const levelFor = (s: Severity): 'error' | 'warning' | 'note' => (s === 'HIGH' ? 'error' : s === 'MEDIUM' ? 'warning' : 'note');

function severityOf(name: unknown): Severity {
  const n = typeof name === 'string' ? name.toUpperCase() : '';
  // An unknown name counts as HIGH: a new severity in a later version must not slip through the gate.
  return SEVERITIES.find((s) => s === n) ?? 'HIGH';
}

export function toSarif(issues: readonly EngIssue[], errors: readonly EngError[], version: string, suppressed: readonly Suppression[] = []): string {
  const rules = new Map<string, { id: string; fullDescription: { text: string }; helpUri: string }>();
  for (const i of issues) {
    if (!rules.has(i.id)) rules.set(i.id, { id: i.id, fullDescription: { text: i.description }, helpUri: `https://github.com/doyensec/electronegativity/wiki/${i.id}` });
  }
  const results = issues.map((i) => {
    const severity = severityOf(i.severity.name);
    return {
      ruleId: i.id,
      level: levelFor(severity),
      message: { text: i.description },
      properties: { severity, confidence: i.confidence.name, manualReview: i.manualReview === true },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: i.file === 'N/A' ? 'N/A' : i.file },
            region: { startLine: Math.max(1, i.location?.line ?? 1), startColumn: (i.location?.column ?? 0) + 1 },
          },
        },
      ],
    };
  });
  const suppressedResults = suppressed.map((x) => ({
    ruleId: x.rule,
    level: 'none',
    message: { text: `${x.rule} disabled in the source; the reason is written next to it` },
    suppressions: [{ kind: 'inSource', justification: 'see the comment above the eng-disable line' }],
    locations: [{ physicalLocation: { artifactLocation: { uri: x.file }, region: { startLine: x.line, startColumn: 1 } } }],
  }));
  const notifications = errors.map((e) => ({ level: e.tolerable ? 'warning' : 'error', message: { text: `${e.file}: ${e.message}` } }));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Electronegativity', version, informationUri: 'https://github.com/doyensec/electronegativity', rules: [...rules.values()] } },
          invocations: [{ executionSuccessful: errors.every((e) => e.tolerable), toolExecutionNotifications: notifications }],
          results: [...results, ...suppressedResults],
        },
      ],
    },
    null,
    2,
  );
}

export interface SarifCounts {
  bySeverity: Record<Severity, number>;
  /** Files the tool could not parse (not checked). */
  unparsed: number;
  /** `RULE file:line` of every HIGH and MEDIUM finding, for the failure message. */
  blocking: string[];
  /** `RULE file:line` of every result suppressed in the source (not counted by severity). */
  suppressed: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Reads a SARIF file back. A result without a severity property (e.g. electronegativity's own SARIF)
 * counts as HIGH: the gate fails closed rather than guessing.
 */
export function countSarif(text: string): SarifCounts {
  const doc: unknown = JSON.parse(text);
  const runs = isObj(doc) && Array.isArray(doc['runs']) ? (doc['runs'] as unknown[]) : null;
  if (!runs) throw new Error('not a SARIF document: no runs[]');
  const bySeverity: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
  const blocking: string[] = [];
  const suppressed: string[] = [];
  let unparsed = 0;
  for (const run of runs) {
    if (!isObj(run)) continue;
    for (const r of Array.isArray(run['results']) ? (run['results'] as unknown[]) : []) {
      if (!isObj(r)) continue;
      if (Array.isArray(r['suppressions']) && r['suppressions'].length > 0) {
        suppressed.push(`${String(r['ruleId'])} ${locationOf(r)}`);
        continue;
      }
      const props = isObj(r['properties']) ? r['properties'] : {};
      const severity = severityOf(props['severity']);
      bySeverity[severity] += 1;
      if (severity === 'HIGH' || severity === 'MEDIUM') blocking.push(`${String(r['ruleId'])} ${locationOf(r)}`);
    }
    for (const inv of Array.isArray(run['invocations']) ? (run['invocations'] as unknown[]) : []) {
      if (!isObj(inv) || !Array.isArray(inv['toolExecutionNotifications'])) continue;
      for (const n of inv['toolExecutionNotifications'] as unknown[]) if (isObj(n) && n['level'] === 'error') unparsed += 1;
    }
  }
  return { bySeverity, unparsed, blocking, suppressed };
}

function locationOf(r: Record<string, unknown>): string {
  const loc = Array.isArray(r['locations']) ? (r['locations'] as unknown[])[0] : undefined;
  const phys = isObj(loc) && isObj(loc['physicalLocation']) ? loc['physicalLocation'] : {};
  const uri = isObj(phys['artifactLocation']) ? String(phys['artifactLocation']['uri']) : '?';
  const line = isObj(phys['region']) ? String(phys['region']['startLine']) : '?';
  return `${uri}:${line}`;
}
