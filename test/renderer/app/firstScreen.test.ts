// The first screen loads without the other screens (renderer/app/routes.tsx): the modules the entry
// (renderer/main.tsx) reaches through static imports — what the browser must fetch and parse before the first
// live value shows — do not include the line screen's charts (Recharts, d3) nor any screen but the overview
// and the wall board's kiosk screen, which the shell shows itself. Checked on the source: every static `import … from`
// and `export … from` is followed; dynamic `import()` is where a chunk starts (Vite/rolldown split there).
// On the code as it was (routes.tsx importing every screen), the line screen and recharts were reached.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const src = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const target = path.resolve(path.dirname(file), spec);
      if (fs.existsSync(target) && fs.statSync(target).isFile()) todo.push(target);
    }
  }
  return { files, packages };
}

it('the entry reaches the overview but no other screen, and not the charts, through static imports', () => {
  const { files, packages } = staticGraph(path.join(repoRoot, 'renderer', 'main.tsx'));
  // Screen components (…/screens/<name>/<Name>Screen.tsx); the overview's tiles may share small helpers of other
  // screens (a case badge, hold wording, number formats), which stay in the first chunk.
  const screens = [...files].map((f) => path.relative(repoRoot, f)).filter((f) => /^renderer\/screens\/.*Screen\.tsx$/.test(f));
  // The walk works: it reached the shell, the overview and React.
  expect(files.has(path.join(repoRoot, 'renderer', 'app', 'AppShell.tsx'))).toBe(true);
  expect(packages.has('react')).toBe(true);
  expect(packages.has('recharts')).toBe(false);
  expect(files.has(path.join(repoRoot, 'renderer', 'charts', 'TrendChart.tsx'))).toBe(false);
  expect(screens.sort()).toEqual(['renderer/screens/kiosk/KioskScreen.tsx', 'renderer/screens/overview/OverviewScreen.tsx']);
});
