// Setup file of the `unit-shared` project (vitest.config.ts): its files run one after another in the same
// worker (isolate: false), so a file must leave the process as it found it. This is the check that says so,
// on every run: what a file could leave behind for the next one is taken before the file and compared after
// its last afterAll, and a difference fails the file, naming it. A file that fails here belongs in the
// isolated `unit` project.
//
// What it sees: properties added to or removed from globalThis (but for the libraries' own, listed below), process.env changed, listeners left on
// process, handles and requests left open (timers, sockets, servers, child processes, file watchers), fake
// timers left on, the working directory and umask changed. What it cannot see: state inside a module the
// file imported (a store or cache at module level); the files in that project were chosen as ones that
// import no such module with state they change (see vitest.config.ts).
import * as tslib from 'tslib';
import { afterAll, vi } from 'vitest';

// Globals a library sets once when it is first imported in the process, the same for every file after it:
// tslib's helpers (tslib's own list: its exports), which node-opcua's packages install on globalThis, and zod's
// global config and registry (node_modules/zod/v4/core/core.js: `globalThis.__zod_globalConfig ??= {}`).
// The first file in a worker that imports them is not leaving state of its own.
const LIBRARY_GLOBALS = new Set([...Object.keys(tslib).filter((k) => k.startsWith('__')), '__zod_globalConfig', '__zod_globalRegistry']);

export interface ProcessState {
  readonly globals: readonly string[];
  readonly env: string;
  readonly listeners: Readonly<Record<string, number>>;
  readonly resources: Readonly<Record<string, number>>;
  readonly fakeTimers: boolean;
  readonly cwd: string;
  readonly umask: number;
}

const EVENTS = ['exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'warning', 'SIGINT', 'SIGTERM', 'message'] as const;

export function processState(): ProcessState {
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  return {
    globals: Object.getOwnPropertyNames(globalThis).sort(),
    env: JSON.stringify(Object.entries(process.env).sort(([a], [b]) => a.localeCompare(b))),
    listeners: Object.fromEntries(EVENTS.map((e) => [e, process.listenerCount(e)])),
    resources,
    fakeTimers: vi.isFakeTimers(),
    cwd: process.cwd(),
    umask: process.umask(),
  };
}

/** What differs between two states, in words; empty when nothing does. */
export function leftBehind(before: ProcessState, after: ProcessState): string[] {
  const out: string[] = [];
  const added = after.globals.filter((g) => !before.globals.includes(g) && !LIBRARY_GLOBALS.has(g));
  const removed = before.globals.filter((g) => !after.globals.includes(g));
  if (added.length > 0) out.push(`globals added: ${added.join(', ')}`);
  if (removed.length > 0) out.push(`globals removed: ${removed.join(', ')}`);
  if (after.env !== before.env) out.push('process.env changed');
  for (const e of EVENTS) if (after.listeners[e] !== before.listeners[e]) out.push(`process '${e}' listeners: ${before.listeners[e]} before, ${after.listeners[e]} after`);
  for (const kind of new Set([...Object.keys(before.resources), ...Object.keys(after.resources)])) {
    const b = before.resources[kind] ?? 0;
    const a = after.resources[kind] ?? 0;
    if (a > b) out.push(`${a - b} ${kind} left open`);
  }
  if (after.fakeTimers && !before.fakeTimers) out.push('fake timers left on');
  if (after.cwd !== before.cwd) out.push(`working directory changed to ${after.cwd}`);
  if (after.umask !== before.umask) out.push(`umask changed to ${after.umask.toString(8)}`);
  return out;
}

// process.stdout and process.stderr open their pipe (a PipeWrap) when first used, once for the process:
// opened here, the first file that logs is not taken for one that leaves a pipe open.
void process.stdout;
void process.stderr;
const before = processState();

// Registered before the file's own hooks, so it runs after all of them (afterAll hooks run in reverse order).
afterAll(async ({}, file) => {
  // Closed sockets and servers leave the list on the next turns of the event loop.
  let after = processState();
  for (let i = 0; i < 20 && leftBehind(before, after).length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    after = processState();
  }
  const diff = leftBehind(before, after);
  if (diff.length > 0) {
    throw new Error(`${(file as { name: string }).name} runs in the shared worker of the unit-shared project but leaves state behind for the next file: ${diff.join('; ')}. Move it to the isolated unit project (vitest.config.ts) or clean up in its afterAll.`);
  }
});
