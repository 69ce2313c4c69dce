import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A real small file system for storage fault tests: a tmpfs of `sizeMb` mounted on a fresh folder
 * (needs root, as in CI and the dev container). `readOnly()` remounts it read-only: permission bits do
 * not stop root, a read-only mount does. Returns null, and says so loudly, when mounting is impossible.
 */
export interface SmallFs {
  dir: string;
  /** Fills the file system to within `leaveBytes` of full with a filler file. */
  fill(leaveBytes?: number): void;
  /** Removes the filler. */
  free(): void;
  readOnly(): void;
  writable(): void;
  unmount(): void;
}

export function mountSmallFs(parent: string, sizeMb: number): SmallFs | null {
  const dir = fs.mkdtempSync(path.join(parent, 'smallfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    process.stderr.write(`\n*** CANNOT MOUNT a ${sizeMb} MB tmpfs on ${dir} (${(e as Error).message.split('\n')[0]}): the small-disk and read-only tests are NOT run on a real small file system ***\n\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const filler = path.join(dir, 'filler.bin');
  const remount = (mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
  return {
    dir,
    fill(leaveBytes = 0) {
      const chunk = Buffer.alloc(64 * 1024, 1);
      const fd = fs.openSync(filler, 'a');
      try {
        for (;;) {
          const s = fs.statfsSync(dir);
          const avail = Number(s.bavail) * Number(s.bsize);
          if (avail <= leaveBytes) break;
          const n = Math.min(chunk.length, Math.max(4096, avail - leaveBytes));
          try {
            fs.writeSync(fd, chunk, 0, n);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw e;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    free: () => fs.rmSync(filler, { force: true }),
    readOnly: () => remount('ro'),
    writable: () => remount('rw'),
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
