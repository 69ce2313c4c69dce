import fs from 'node:fs';
import path from 'node:path';
import { plainError } from '../logging/moduleHealth.ts';

/**
 * Start-up attempts, kept in a small JSON file beside the database (not in it: the database may be what
 * fails). When a start fails twice in a row the same way with the same version, the core refuses the next
 * start and says where and why, instead of crash-looping on the same data.
 */
export const START_ATTEMPTS_FILE = 'start-attempts.json';
const KEEP = 6;
/** What is recorded for a start that ended without saying why: the process was killed or crashed natively. */
export const ENDED_WITHOUT_FINISHING = 'the start ended without finishing: the process was killed or crashed';
/**
 * Starts that ended without finishing at the same stage, in a row, before the next start is refused. One
 * more than for a start that failed with an error: a power cut or an impatient restart during start-up
 * also ends a start without a word, and must not lock the console out after two.
 */
const SILENT_IN_A_ROW = 3;

export interface StartAttempt {
  at: number;
  version: string;
  outcome: 'running' | 'started' | 'failed';
  /** What the core was doing ("opening the database", "creating the module Alerts and cases"). */
  stage: string;
  /** The module's label, when a module failed. */
  module: string | null;
  /** Table (and column) named by the error, when it names one. */
  table: string | null;
  /** The record the failing work was on ("alert 12"), when the module said. */
  record: string | null;
  error: string | null;
}

/** Table/column and record an error names, for a person: SQLite says them in its messages. */
export function whereItFailed(e: unknown): { table: string | null; record: string | null } {
  const msg = e instanceof Error ? e.message : String(e);
  const record = e && typeof e === 'object' && typeof (e as { record?: unknown }).record === 'string' ? (e as { record: string }).record : null;
  const m =
    /column ([A-Za-z_][\w]*\.[A-Za-z_][\w]*)/.exec(msg) ??
    /no such (?:table|column): ([\w.]+)/.exec(msg) ??
    /constraint failed: ([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)?)/.exec(msg) ??
    /(?:table|index) ([A-Za-z_][\w]*)/.exec(msg);
  const cause = e instanceof Error && e.cause !== undefined ? whereItFailed(e.cause) : { table: null, record: null };
  return { table: m?.[1] ?? cause.table, record: record ?? cause.record };
}

export class StartAttempts {
  readonly file: string;
  private readonly version: string;
  private readonly now: () => number;
  private list: StartAttempt[];
  private now_: StartAttempt | null = null;

  constructor(dataDir: string, version: string, now: () => number) {
    this.file = path.join(dataDir, START_ATTEMPTS_FILE);
    this.version = version;
    this.now = now;
    this.list = this.read();
  }

  /**
   * The refusal to give when the last two starts of this version failed the same way; null otherwise.
   * Deleting the file (after restoring or fixing the data) lets the console try again.
   */
  loopRefusal(): string | null {
    const last = this.list.at(-1);
    const n = last?.error === ENDED_WITHOUT_FINISHING ? SILENT_IN_A_ROW : 2;
    const tail = this.list.slice(-n);
    if (!last || tail.length < n) return null;
    if (tail.some((a) => a.outcome !== 'failed' || a.version !== this.version || signature(a) !== signature(last))) return null;
    return describeLoop(last, this.file, n);
  }

  /**
   * A start recorded as running when this one begins ended without saying why (killed, crashed natively,
   * power lost): it is recorded as a failure at the stage it reached, so a native crash that repeats on the
   * same data is seen as the loop it is. Returns that attempt, if any.
   */
  settleUnfinished(): StartAttempt | null {
    const last = this.list.at(-1);
    if (!last || last.outcome !== 'running') return null;
    Object.assign(last, { outcome: 'failed', error: ENDED_WITHOUT_FINISHING });
    this.write();
    return last;
  }

  begin(): void {
    this.now_ = { at: this.now(), version: this.version, outcome: 'running', stage: 'opening the database', module: null, table: null, record: null, error: null };
    this.list.push(this.now_);
    this.write();
  }

  stage(stage: string, module: string | null = null): void {
    if (!this.now_) return;
    this.now_.stage = stage;
    this.now_.module = module;
    this.write();
  }

  /** Records the failure; returns the refusal message when it is the second identical failure in a row. */
  failed(error: unknown): string | null {
    if (!this.now_) return null;
    const where = whereItFailed(error);
    Object.assign(this.now_, { outcome: 'failed', error: plainError(error), table: where.table, record: where.record });
    this.now_ = null;
    this.write();
    return this.loopRefusal();
  }

  /** The attempt in progress (its stage and module), if any. */
  current(): StartAttempt | null {
    return this.now_;
  }

  started(): void {
    if (!this.now_) return;
    this.now_.outcome = 'started';
    this.now_ = null;
    this.write();
  }

  private read(): StartAttempt[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { attempts?: StartAttempt[] };
      return Array.isArray(parsed.attempts) ? parsed.attempts.slice(-KEEP) : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    this.list = this.list.slice(-KEEP);
    try {
      const tmp = `${this.file}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ attempts: this.list }, null, 1));
      fs.renameSync(tmp, this.file);
    } catch {
      // A data folder we cannot write is reported by the database open that follows; this file is a help, not a gate.
    }
  }
}

const signature = (a: StartAttempt): string => `${a.stage}|${a.module ?? ''}|${a.table ?? ''}|${a.record ?? ''}|${a.error ?? ''}`;

function describeLoop(a: StartAttempt, file: string, times: number): string {
  const parts = [
    `The console failed to start ${times === 2 ? 'twice' : `${times} times`} in a row in the same way, so it does not try again.`,
    `It failed while ${a.stage}${a.module && !a.stage.includes(a.module) ? ` (${a.module})` : ''}.`,
    a.table ? `Table: ${a.table}${a.record ? `, record: ${a.record}` : ''}.` : a.record ? `Record: ${a.record}.` : '',
    `Error: ${(a.error ?? 'unknown').replace(/[.\s]+$/, '')}.`,
    `Restore the last backup or correct that data, or install a version that fixes it; then delete ${file} and start the console again.`,
  ];
  return parts.filter((p) => p !== '').join(' ');
}
