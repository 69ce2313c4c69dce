import fs from 'node:fs';
import path from 'node:path';
import type { LineMappingInput } from '../../../../shared/contract/domains/connectivity.ts';
import { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { duplicateMappingProblems, formatPath } from '../../platform/config/loadPlantConfig.ts';

export interface SavedMapping {
  configPath: string;
  backupPath: string;
  created: boolean;
  previous: LineMappingInput | null;
}

export type SaveMappingError = { code: 'INVALID'; message: string; problems: string[] } | { code: 'IO'; message: string };

/**
 * Puts one line's mapping into the plant configuration file: the whole new file is validated before anything is
 * written, the previous file is kept as `<file>.<timestamp>.bak`, and the new one replaces it atomically (write to
 * a temporary file, then rename), so a crash leaves either the old or the new file, never half of one.
 */
export function saveLineMapping(configPath: string, line: LineMappingInput, now: number): Result<SavedMapping, SaveMappingError> {
  let raw: string;
  try {
    raw = fs.readFileSync(configPath, 'utf8');
  } catch (e) {
    return errResult({ code: 'IO', message: `The plant configuration ${configPath} cannot be read: ${(e as Error).message}` });
  }
  let json: { lines?: unknown };
  try {
    json = JSON.parse(raw) as { lines?: unknown };
  } catch (e) {
    return errResult({ code: 'INVALID', message: 'The current plant configuration is not valid JSON; fix it before saving a mapping.', problems: [(e as Error).message] });
  }
  const lines = Array.isArray(json.lines) ? [...(json.lines as Record<string, unknown>[])] : [];
  const i = lines.findIndex((l) => l && typeof l === 'object' && l.id === line.id);
  const previous = i >= 0 ? (lines[i] as LineMappingInput) : null;
  const next = { ...(previous ?? {}), ...line };
  if (i >= 0) lines[i] = next;
  else lines.push(next);
  const candidate = { ...json, lines };
  const parsed = PlantConfig.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((x) => `${formatPath(x.path)}: ${x.message}`);
    return errResult({ code: 'INVALID', message: `The mapping would make the plant configuration invalid: ${problems.slice(0, 3).join('; ')}`, problems });
  }
  const duplicates = duplicateMappingProblems(parsed.data);
  if (duplicates.length > 0) {
    const problems = duplicates.map((x) => x.message);
    return errResult({ code: 'INVALID', message: `The mapping is not saved: ${problems[0]!.replace(/^line/, 'Line')}.`, problems });
  }
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const backupPath = `${configPath}.${stamp}.bak`;
  const tmp = path.join(path.dirname(configPath), `.${path.basename(configPath)}.${process.pid}.tmp`);
  try {
    fs.copyFileSync(configPath, backupPath, fs.constants.COPYFILE_EXCL);
    fs.writeFileSync(tmp, `${JSON.stringify(candidate, null, 2)}\n`, { flag: 'w' });
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, configPath);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    return errResult({ code: 'IO', message: `Saving the plant configuration failed: ${(e as Error).message}` });
  }
  return okResult({ configPath, backupPath, created: i < 0, previous });
}
