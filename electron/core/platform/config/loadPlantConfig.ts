import fs from 'node:fs';
import type { z } from 'zod';
import { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { type Result, errResult, okResult } from '../../../../shared/result.ts';

export interface ConfigProblem {
  /** Path inside the file, like `lines[1].tags.goodCount`. */
  path: string;
  message: string;
}

export interface ConfigError {
  file: string;
  problems: ConfigProblem[];
  /** One paragraph a person can act on: file, where, what was expected. */
  text: string;
}

/**
 * Reads and validates the plant configuration. All or nothing: a file with any problem is refused
 * whole, so the console never starts half-configured.
 */
export function loadPlantConfig(file: string): Result<PlantConfig, ConfigError> {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return errResult(configError(file, [{ path: '(file)', message: code === 'ENOENT' ? 'the file does not exist' : `cannot be read (${code ?? String(e)})` }]));
  }
  return parsePlantConfig(file, raw);
}

export function parsePlantConfig(file: string, text: string): Result<PlantConfig, ConfigError> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return errResult(configError(file, [{ path: '(file)', message: `is not valid JSON: ${(e as Error).message}` }]));
  }
  const parsed = PlantConfig.safeParse(json);
  if (!parsed.success) return errResult(configError(file, parsed.error.issues.map(toProblem)));
  const timing = erpTimingProblems(parsed.data);
  if (timing.length > 0) return errResult(configError(file, timing));
  const duplicates = duplicateMappingProblems(parsed.data);
  if (duplicates.length > 0) return errResult(configError(file, duplicates));
  return okResult(parsed.data);
}

/**
 * The ERP's timing settings must not allow a duplicate: after a request times out (timeoutSec) and the
 * settle time (settleSec) has passed, the ERP must no longer be able to post it (processingLimitSec),
 * because the read-back that runs then decides a resend.
 */
export function erpTimingProblems(cfg: PlantConfig): ConfigProblem[] {
  const erp = cfg.erp;
  if (!erp || erp.processingLimitSec === undefined) return [];
  const reach = erp.timeoutSec + erp.settleSec;
  if (reach > erp.processingLimitSec) return [];
  return [
    {
      path: 'erp.settleSec',
      message:
        `the first read-back would run ${reach} s after a request left (timeoutSec ${erp.timeoutSec} + settleSec ${erp.settleSec}), ` +
        `but the ERP may still post a request until ${erp.processingLimitSec} s after it arrived (processingLimitSec), so a resend could post it twice; ` +
        `set settleSec to at least ${erp.processingLimitSec - erp.timeoutSec + 1}, or processingLimitSec to the limit the ERP really enforces`,
    },
  ];
}

/** The tags that make a line's counts and states: two lines reading the same one would count the same parts twice. */
const EXCLUSIVE_TAGS = [
  ['goodCount', 'good count'],
  ['rejectCount', 'reject count'],
  ['machineState', 'machine state'],
] as const;

/**
 * Two lines mapped to the same counter or state tag of one controller (defect 12): refused, naming both lines, so
 * nobody runs a plant where one line's parts are counted for two (before, the earlier line just showed "bad quality").
 */
export function duplicateMappingProblems(cfg: Pick<PlantConfig, 'lines'>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, { index: number; name: string; id: string; role: string }>();
  cfg.lines.forEach((line, index) => {
    for (const [key, role] of EXCLUSIVE_TAGS) {
      const ref = line.tags[key]?.trim();
      if (!ref) continue;
      const k = `${line.controllerId}\u0000${ref}`;
      const first = seen.get(k);
      if (first) {
        problems.push({
          path: `lines[${index}].tags.${key}`,
          message:
            `line "${line.name}" (${line.id}) uses the same tag ${ref} as line "${first.name}" (${first.id}) ` +
            `(its ${first.role} tag) on controller ${line.controllerId}; each line needs its own ${role} tag, or the same parts would be counted for both lines`,
        });
      } else seen.set(k, { index, name: line.name, id: line.id, role });
    }
  });
  return problems;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(top level)' : out;
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  return { path: formatPath(issue.path), message: describeIssue(issue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.includes('received undefined') ? `is missing: expected ${issue.expected}` : issue.message.replace(/^Invalid input: /, '');
    case 'unrecognized_keys':
      return `has unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (misspelt?)`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.message;
    default:
      return issue.message;
  }
}

function configError(file: string, problems: ConfigProblem[]): ConfigError {
  const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
  return { file, problems, text: `The plant configuration ${file} is not valid; the console will not start until it is fixed:\n${lines.join('\n')}` };
}
