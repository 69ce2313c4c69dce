// The rule "a test needs at most a tenth of its timeout on an idle machine" (CONTRIBUTING.md), made
// checkable: after a run, every test and every hook (timed by test/support/headroomHooks.ts) that took
// more than a tenth of its timeout is listed, slowest share first, with the machine's load, and written to
// test-results/headroom.json. It lists, it does not fail the run: on a loaded machine the list is long by
// nature; the rule is judged on an idle one (1-minute load below 1 per core, printed with the list).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';
import type { HookTiming } from './headroomHooks.ts';

export interface OverATenth {
  readonly file: string;
  readonly name: string;
  readonly what: 'test' | HookTiming['hook'];
  readonly ms: number;
  readonly timeout: number;
}

const SHARE = 0.1;

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
    const load = os.loadavg()[0]!;
    const cores = os.availableParallelism();
    const idle = load < cores;
    const out = path.join(this.root, 'test-results', 'headroom.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ load1: load, cores, idle, share: SHARE, over: list }, null, 2)}\n`);
    const lines = list.map((o) => `  ${((100 * o.ms) / o.timeout).toFixed(0).padStart(3)} %  ${(o.ms / 1000).toFixed(1).padStart(6)} s of ${(o.timeout / 1000).toFixed(0)} s  ${o.what.padEnd(10)} ${o.file} › ${o.name}`);
    process.stdout.write(
      `\nHeadroom (a test or hook may take a tenth of its timeout on an idle machine): ${list.length} over, at 1-minute load ${load.toFixed(1)} on ${cores} cores${idle ? '' : ' (loaded: not judged)'}; list in ${path.relative(this.root, out)}\n${lines.slice(0, 40).join('\n')}${lines.length > 40 ? `\n  … ${lines.length - 40} more` : ''}\n`,
    );
  }
}
