import fs from 'node:fs';
import path from 'node:path';
import { edgesOf, featureViolations, importCycles } from './features.ts';
import { sourceFiles } from './layers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const all = () => sourceFiles(root, ['shared', 'electron', 'renderer', 'scripts']).flatMap((f) => edgesOf(f, fs.readFileSync(path.join(root, f), 'utf8')));

describe('features and platform (architecture.md §10)', () => {
  it('a feature reaches another only through its index.ts, and platform knows no feature', () => {
    expect(featureViolations(all())).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(all()).map((c) => c.join(' → '))).toEqual([]);
  });

  // Planted edges: the rules above must bite, or they pass vacuously.
  it('refuses a planted cross-feature import past the index', () => {
    const v = featureViolations(edgesOf('electron/core/features/holds/x.ts', "import { a } from '../alerts/alertRepo.ts';"));
    expect(v).toHaveLength(1);
    expect(v[0]).toContain('only through its index.ts');
    expect(featureViolations(edgesOf('electron/core/features/holds/x.ts', "import { a } from '../alerts/index.ts';"))).toEqual([]);
    expect(featureViolations(edgesOf('electron/core/platform/outbox/x.ts', "import { a } from '../../features/holds/index.ts';"))[0]).toContain('platform code must not import a feature');
  });

  it('finds a planted cycle, and not one made only of type imports', () => {
    const planted = [
      ...edgesOf('renderer/a.tsx', "import { b } from './b.tsx';"),
      ...edgesOf('renderer/b.tsx', "import { c } from './c.tsx';"),
      ...edgesOf('renderer/c.tsx', "import { a } from './a.tsx';"),
    ];
    expect(importCycles(planted)).toEqual([['renderer/a.tsx', 'renderer/b.tsx', 'renderer/c.tsx']]);
    const typesOnly = [...edgesOf('renderer/a.tsx', "import type { B } from './b.tsx';"), ...edgesOf('renderer/b.tsx', "import { type A } from './a.tsx';")];
    expect(importCycles(typesOnly)).toEqual([]);
  });
});
