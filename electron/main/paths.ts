import path from 'node:path';
import { HUB_SETTING_FILE } from './policy/hubMode.ts';

/**
 * Where the shell finds its pieces. Pure (given `exists`), so tests check the packaged and the dev
 * layouts without Electron.
 *
 * Build output (electron-vite): out/main/index.js (this process), out/main/coreHost.js (the core's
 * utility process), out/preload/index.cjs, out/renderer/index.html. Packaged, `out/` sits inside
 * app.asar and `resources/` (electron-builder extraResources) next to it in process.resourcesPath.
 */
export interface ShellPathInputs {
  /** The folder of the running main bundle (import.meta.dirname of out/main/index.js). */
  mainDir: string;
  isPackaged: boolean;
  /** process.resourcesPath (packaged) */
  resourcesPath: string;
  /** app.getAppPath(): the repo root when unpackaged. */
  appPath: string;
  /** app.getPath('userData') */
  userData: string;
  exists(file: string): boolean;
}

export interface ShellPaths {
  preload: string;
  rendererDir: string;
  coreHostEntry: string;
  /** A plant's own configuration in userData wins over the bundled demo plant. */
  configPath: string;
  dataDir: string;
  secretsFile: string;
  /** The administrator's designation of this console as the plant hub (policy/hubMode.ts); usually absent. */
  hubSettingFile: string;
  icon: string | undefined;
}

export const PLANT_CONFIG_FILE = 'plant-config.json';

export function resolveShellPaths(i: ShellPathInputs): ShellPaths {
  const outDir = path.resolve(i.mainDir, '..');
  const resources = i.isPackaged ? i.resourcesPath : path.join(i.appPath, 'resources');
  const ownConfig = path.join(i.userData, PLANT_CONFIG_FILE);
  const icon = path.join(i.isPackaged ? i.resourcesPath : path.join(i.appPath, 'build'), 'icon.png');
  return {
    preload: path.join(outDir, 'preload', 'index.cjs'),
    rendererDir: path.join(outDir, 'renderer'),
    coreHostEntry: path.join(i.mainDir, 'coreHost.js'),
    configPath: i.exists(ownConfig) ? ownConfig : path.join(resources, 'demo-plant.json'),
    dataDir: path.join(i.userData, 'data'),
    secretsFile: path.join(i.userData, 'secrets.enc.json'),
    hubSettingFile: path.join(i.userData, HUB_SETTING_FILE),
    icon: i.exists(icon) ? icon : undefined,
  };
}
