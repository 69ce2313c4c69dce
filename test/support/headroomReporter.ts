// The rule "a test needs at most a tenth of its timeout on an idle machine" (CONTRIBUTING.md), made
// checkable: after a run, every test and every hook (timed by test/support/headroomHooks.ts) that took
// more than a tenth of its timeout is listed, slowest share first, with the machine's load, and written to
// test-results/headroom.json. It lists, it does not fail the run: on a loaded machine the list is long by
// nature; the rule is judged on an idle one (1-minute load below 1 per core, printed with the list).
// Beside it, the files that used the most CPU (their fork's own user + system time and that of the child
// processes it reaped, taken by test/support/headroomHooks.ts when the file ends): `npm test` on 2 cores
// cannot end before its CPU / 2, so that list, not the wall time, says where the suite can be made faster.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';
import type { HookTiming, ProcessCpu } from './headroomHooks.ts';

export interface OverATenth {
  readonly file: string;
  readonly name: string;
  readonly what: 'test' | HookTiming['hook'];
  readonly ms: number;
  readonly timeout: number;
}

const SHARE = 0.1;

export interface FileCpu {
  readonly file: string;
  /** Own + reaped children's CPU, ms. */
  readonly cpuMs: number;
  readonly userMs: number;
  readonly sysMs: number;
  readonly childMs: number;
  /** The file's wall time as vitest reports it (its tests and hooks; not the fork's start or imports), ms. */
  readonly wallMs: number;
  /** True when the figure includes the fork's start and imports (the fork's first file: every file, when files are isolated). */
  readonly withStart: boolean;
}

/**
 * Each file's CPU, most first. A fork that ran several files (isolate: false) is split by difference: each
 * file gets what the fork used since the previous one ended; the first gets the fork's start with it.
 */
export function cpuByFile(files: readonly { file: string; wallMs: number; cpuAtEnd: ProcessCpu }[]): FileCpu[] {
  const byPid = new Map<number, typeof files[number][]>();
  for (const f of files) byPid.set(f.cpuAtEnd.pid, [...(byPid.get(f.cpuAtEnd.pid) ?? []), f]);
  const out: FileCpu[] = [];
  for (const group of byPid.values()) {
    const total = (c: ProcessCpu) => c.userMs + c.sysMs + c.childUserMs + c.childSysMs;
    group.sort((a, b) => total(a.cpuAtEnd) - total(b.cpuAtEnd));
    let prev: ProcessCpu | undefined;
    for (const f of group) {
      const c = f.cpuAtEnd;
      const userMs = c.userMs - (prev?.userMs ?? 0);
      const sysMs = c.sysMs - (prev?.sysMs ?? 0);
      const childMs = c.childUserMs + c.childSysMs - (prev ? prev.childUserMs + prev.childSysMs : 0);
      out.push({ file: f.file, cpuMs: userMs + sysMs + childMs, userMs, sysMs, childMs, wallMs: f.wallMs, withStart: prev === undefined });
      prev = c;
    }
  }
  return out.sort((a, b) => b.cpuMs - a.cpuMs);
}

/** The modules' CPU records (files whose end was not reached, e.g. a failed import, have none). */
export function cpuOfModules(modules: readonly TestModule[], root: string): FileCpu[] {
  const files: { file: string; wallMs: number; cpuAtEnd: ProcessCpu }[] = [];
  for (const m of modules) {
    const cpuAtEnd = m.meta().cpuAtEnd;
    if (cpuAtEnd) files.push({ file: path.relative(root, m.moduleId), wallMs: m.diagnostic().duration, cpuAtEnd });
  }
  return cpuByFile(files);
}

/** Every test and hook of these modules over a tenth of its timeout, largest share first. */
export function overATenth(modules: readonly TestModule[], root: string): OverATenth[] {
  const out: OverATenth[] = [];
  const hooksOf = (file: string, name: string, meta: { hookTimings?: HookTiming[] }) => {
    for (const h of meta.hookTimings ?? []) if (h.ms > h.timeout * SHARE) out.push({ file, name, what: h.hook, ms: h.ms, timeout: h.timeout });
  };
  for (const m of modules) {
    const file = path.relative(root, m.moduleId);
    hooksOf(file, '(file)', m.meta());
    for (const child of m.children.allSuites()) hooksOf(file, (child as TestSuite).fullName, child.meta());
    for (const t of m.children.allTests() as Iterable<TestCase>) {
      const d = t.diagnostic();
      const timeout = t.options.timeout ?? t.project.config.testTimeout;
      if (d && timeout > 0 && d.duration > timeout * SHARE) out.push({ file, name: t.fullName, what: 'test', ms: d.duration, timeout });
      hooksOf(file, t.fullName, t.meta());
    }
  }
  return out.sort((a, b) => b.ms / b.timeout - a.ms / a.timeout);
}

export default class HeadroomReporter implements Reporter {
  private root = process.cwd();

  onInit(ctx: { config: { root: string } }): void {
    this.root = ctx.config.root;
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const list = overATenth(modules, this.root);
    const cpu = cpuOfModules(modules, this.root);
    const cpuTotal = cpu.reduce((sum, f) => sum + f.cpuMs, 0);
    const load = os.loadavg()[0]!;
    const cores = os.availableParallelism();
    const idle = load < cores;
    const out = path.join(this.root, 'test-results', 'headroom.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ load1: load, cores, idle, share: SHARE, over: list, cpuTotalMs: cpuTotal, cpu }, null, 2)}\n`);
    const lines = list.map((o) => `  ${((100 * o.ms) / o.timeout).toFixed(0).padStart(3)} %  ${(o.ms / 1000).toFixed(1).padStart(6)} s of ${(o.timeout / 1000).toFixed(0)} s  ${o.what.padEnd(10)} ${o.file} › ${o.name}`);
    process.stdout.write(
      `\nHeadroom (a test or hook may take a tenth of its timeout on an idle machine): ${list.length} over, at 1-minute load ${load.toFixed(1)} on ${cores} cores${idle ? '' : ' (loaded: not judged)'}; list in ${path.relative(this.root, out)}\n${lines.slice(0, 40).join('\n')}${lines.length > 40 ? `\n  … ${lines.length - 40} more` : ''}\n`,
    );
    const top = cpu.slice(0, 25).map((f) => `  ${(f.cpuMs / 1000).toFixed(1).padStart(6)} s CPU (${(f.childMs / 1000).toFixed(1)} s in children) ${(f.wallMs / 1000).toFixed(1).padStart(6)} s wall  ${f.file}`);
    process.stdout.write(`\nMost CPU per file (the fork's start, imports, tests and reaped children): ${cpu.length} files, ${(cpuTotal / 1000).toFixed(0)} s in all; list in ${path.relative(this.root, out)}\n${top.join('\n')}\n`);
  }
}
