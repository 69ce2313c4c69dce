import path from 'node:path';
import { PLANT_CONFIG_FILE, resolveShellPaths } from '../../../electron/main/paths.ts';

describe('shell paths', () => {
  const base = {
    mainDir: path.join('/opt/app/resources/app.asar/out/main'),
    resourcesPath: '/opt/app/resources',
    appPath: '/opt/app/resources/app.asar',
    userData: '/home/op/.config/Plant Operations Console',
  };

  it('finds the bundles next to the main bundle, and the demo plant in resources when packaged', () => {
    const p = resolveShellPaths({ ...base, isPackaged: true, exists: () => false });
    expect(p.preload).toBe(path.join('/opt/app/resources/app.asar/out/preload/index.cjs'));
    expect(p.rendererDir).toBe(path.join('/opt/app/resources/app.asar/out/renderer'));
    expect(p.coreHostEntry).toBe(path.join('/opt/app/resources/app.asar/out/main/coreHost.js'));
    expect(p.configPath).toBe(path.join('/opt/app/resources/demo-plant.json'));
    expect(p.dataDir).toBe(path.join(base.userData, 'data'));
    expect(p.secretsFile).toBe(path.join(base.userData, 'secrets.enc.json'));
    expect(p.icon).toBeUndefined();
  });

  it("prefers the plant's own configuration in userData", () => {
    const own = path.join(base.userData, PLANT_CONFIG_FILE);
    const p = resolveShellPaths({ ...base, isPackaged: true, exists: (f) => f === own });
    expect(p.configPath).toBe(own);
  });

  it('uses the repository layout unpackaged', () => {
    const p = resolveShellPaths({ ...base, mainDir: '/repo/out/main', appPath: '/repo', isPackaged: false, exists: () => true });
    expect(p.configPath).toBe(path.join('/home/op/.config/Plant Operations Console', PLANT_CONFIG_FILE));
    const q = resolveShellPaths({ ...base, mainDir: '/repo/out/main', appPath: '/repo', isPackaged: false, exists: (f) => !f.endsWith(PLANT_CONFIG_FILE) });
    expect(q.configPath).toBe(path.join('/repo/resources/demo-plant.json'));
    expect(q.icon).toBe(path.join('/repo/build/icon.png'));
  });
});
