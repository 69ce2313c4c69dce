import fs from 'node:fs';
import path from 'node:path';
import { checkFile, importsOf, sourceFiles } from './layers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('layering (architecture.md §2)', () => {
  it('has no forbidden import anywhere in the source tree', () => {
    const files = sourceFiles(root, ['shared', 'electron', 'renderer', 'scripts']);
    expect(files.length).toBeGreaterThan(20);
    const violations = files.flatMap((f) => checkFile(f, fs.readFileSync(path.join(root, f), 'utf8')));
    expect(violations.map((v) => `${v.file}: '${v.spec}' — ${v.reason}`)).toEqual([]);
  });

  // The checker itself must catch each kind of edge; if it stopped seeing them the test above would pass vacuously.
  it.each([
    ['shared/domain/x.ts', "import fs from 'node:fs';", 'Node builtins'],
    ['shared/domain/x.ts', "import { useState } from 'react';", 'package react'],
    ['shared/domain/x.ts', "import { a } from '../../electron/core/startCore.ts';", 'shared must not import core'],
    ['electron/core/x.ts', "import { app } from 'electron';", 'package electron'],
    ['electron/core/live/x.ts', "import { OPCUAClient } from 'node-opcua';", 'package node-opcua'],
    ['electron/core/x.ts', "const m = await import('../../renderer/main.tsx');", 'core must not import renderer'],
    ['electron/core/x.ts', "import '../demo/DemoPlant.ts';", 'core must not import demo'],
    ['electron/main/x.ts', "import Database from 'better-sqlite3';", 'package better-sqlite3'],
    ['electron/main/x.ts', "import { LivePump } from '../core/live/LivePump.ts';", 'may import only'],
    ['electron/preload/x.ts', "import path from 'path';", 'Node builtins'],
    ['electron/preload/x.ts', "import { commands } from '../../shared/contract/commands.ts';", 'may import only'],
    ['renderer/x.tsx', "import { ipcRenderer } from 'electron';", 'package electron'],
    ['renderer/x.tsx', "const fs = require('fs');", 'Node builtins'],
    ['renderer/x.tsx', "export { startCore } from '../electron/core/startCore.ts';", 'renderer must not import core'],
  ])('%s: %s is refused', (file, source, reason) => {
    const v = checkFile(file, source);
    expect(v).toHaveLength(1);
    expect(v[0]!.reason).toContain(reason);
  });

  it('allows the edges the design allows', () => {
    expect(checkFile('electron/core/platform/opcua/x.ts', "import { OPCUAClient } from 'node-opcua-client';")).toEqual([]);
    // The umbrella package (client and server) is not for the core, even in its OPC UA folder.
    expect(checkFile('electron/core/platform/opcua/x.ts', "import { OPCUAClient } from 'node-opcua';")).not.toEqual([]);
    expect(checkFile('electron/main/x.ts', "import { startCore } from '../core/startCore.ts'; import { app } from 'electron';")).toEqual([]);
    expect(checkFile('electron/preload/x.ts', "import { COMMAND_KEYS } from '../../shared/contract/channels.ts';")).toEqual([]);
    expect(checkFile('renderer/x.tsx', "import type { LiveLines } from '../shared/contract/domains/lines.ts';")).toEqual([]);
  });

  it('finds imports in every syntax and ignores comments', () => {
    const src = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "export * from 'c';",
      "import 'd';",
      "const e = await import('e');",
      "const f = require('f');",
      "// import g from 'g';",
      "/* import h from 'h'; */",
      "import {\n  i,\n  j,\n} from 'ij';",
    ].join('\n');
    expect(importsOf(src)).toEqual(['a', 'b', 'c', 'd', 'ij', 'e', 'f'].sort((x, y) => src.indexOf(`'${x}'`) - src.indexOf(`'${y}'`)));
  });
});
