import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../../fixtures/tempDir.ts';
import { fuseMismatches } from './support/fuses.ts';

// electron-builder.yml is read with the YAML parser electron-builder itself uses (js-yaml) and checked
// against electron-builder's own JSON schema, so a misspelt key fails here instead of on a packaging
// machine; then the security settings are asserted one by one.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

const configText = fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
const config = yaml.load(configText) as Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  files: string[];
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
  publish: Array<{ provider: string; url: string }>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  directories: { buildResources: string };
};

describe('electron-builder.yml', () => {
  it('matches the electron-builder schema', () => {
    const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator.js') as {
      validateSchema(schema: unknown, data: unknown, o: { name: string }): void;
    };
    const schema = require('app-builder-lib/scheme.json') as unknown;
    expect(() => validateSchema(schema, config, { name: 'electron-builder.yml' })).not.toThrow();
    expect(() => validateSchema(schema, { ...config, electronFuze: {} }, { name: 'misspelt' })).toThrow();
  });

  it('flips the fuses that close the binary to misuse', () => {
    expect(fuseMismatches(config.electronFuses)).toEqual([]);
    expect(fuseMismatches({ ...config.electronFuses, runAsNode: true })).toEqual(['runAsNode: want false, is true']);
  });

  it('ships the electron-vite output in an asar, with better-sqlite3 prebuilds unpacked', () => {
    expect(config['asar']).toBe(true);
    expect(config.files).toContain('out/**/*');
    expect(config.files).toContain('!out/**/*.map');
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/prebuilds/**');
    expect(config['npmRebuild']).toBe(false);
    expect(config.directories.buildResources).toBe('build');
    expect(fs.existsSync(path.join(repoRoot, 'build', 'icon.png'))).toBe(true);
  });

  it('puts the demo plant configuration in resources/', () => {
    expect(config.extraResources).toContainEqual({ from: 'resources/', to: '.', filter: ['demo-plant.json'] });
    expect(fs.existsSync(path.join(repoRoot, 'resources', 'demo-plant.json'))).toBe(true);
  });

  it('builds AppImage + deb, NSIS and DMG', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('publishes to a generic HTTPS update server', () => {
    expect(config.publish).toHaveLength(1);
    expect(config.publish[0]!.provider).toBe('generic');
    expect(config.publish[0]!.url).toMatch(/^https:\/\//);
  });

  it('is consistent with package.json (electron-builder refuses electron in dependencies)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      main: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.dependencies['electron']).toBeUndefined();
    expect(pkg.dependencies['electron-builder']).toBeUndefined();
    expect(pkg.devDependencies['electron']).toBeDefined();
  });
});
