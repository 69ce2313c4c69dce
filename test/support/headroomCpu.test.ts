// The CPU part of the headroom list: test/support/headroomHooks.ts keeps the fork's CPU (its own and its
// reaped children's) when a file ends; test/support/headroomReporter.ts turns those records into CPU per file.
import { spawnSync } from 'node:child_process';
import { processCpu, type ProcessCpu } from './headroomHooks.ts';
import { cpuByFile } from './headroomReporter.ts';

/** Computes until this process has used `ms` of CPU by Node's own count (wall time says nothing on a loaded machine). */
const burn = (ms: number) => {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100_000; i++) x += Math.sqrt(x + i);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return x;
  }
};
// The same in a child process, which prints the CPU it used (ms) before it ends.
const childBurn = `const s = process.cpuUsage(); let x = 0; for (;;) { for (let i = 0; i < 100000; i++) x += Math.sqrt(x + i); const u = process.cpuUsage(s); if ((u.user + u.system) / 1000 >= 300) { console.log((u.user + u.system) / 1000); break; } }`;

describe('CPU per file for the headroom list', () => {
  it('counts this process its own CPU and a reaped child its CPU', () => {
    const before = processCpu();
    burn(200);
    const afterOwn = processCpu();
    expect(afterOwn.userMs + afterOwn.sysMs - (before.userMs + before.sysMs)).toBeGreaterThanOrEqual(200);
    expect(afterOwn.pid).toBe(process.pid);

    const child = spawnSync(process.execPath, ['-e', childBurn], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    const childSays = Number(child.stdout.trim());
    expect(childSays).toBeGreaterThanOrEqual(300);
    const afterChild = processCpu();
    // /proc counts in ticks of 10 ms, and the child's start and exit come on top of what it counted.
    expect(afterChild.childUserMs + afterChild.childSysMs - (afterOwn.childUserMs + afterOwn.childSysMs)).toBeGreaterThanOrEqual(childSays - 20);
  });

  it('gives each file of a fork what the fork used since the previous file ended, the first with the fork start', () => {
    const at = (pid: number, userMs: number, sysMs: number, childUserMs: number, childSysMs: number): ProcessCpu => ({ pid, userMs, sysMs, childUserMs, childSysMs });
    const list = cpuByFile([
      { file: 'b.test.ts', wallMs: 50, cpuAtEnd: at(2, 1_500, 300, 1_000, 200) },
      { file: 'a.test.ts', wallMs: 40, cpuAtEnd: at(2, 1_000, 200, 0, 0) },
      { file: 'c.test.ts', wallMs: 10, cpuAtEnd: at(3, 700, 100, 0, 0) },
    ]);
    expect(list).toEqual([
      { file: 'b.test.ts', cpuMs: 1_800, userMs: 500, sysMs: 100, childMs: 1_200, wallMs: 50, withStart: false },
      { file: 'a.test.ts', cpuMs: 1_200, userMs: 1_000, sysMs: 200, childMs: 0, wallMs: 40, withStart: true },
      { file: 'c.test.ts', cpuMs: 800, userMs: 700, sysMs: 100, childMs: 0, wallMs: 10, withStart: true },
    ]);
  });
});
