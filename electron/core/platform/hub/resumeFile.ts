import fs from 'node:fs';
import path from 'node:path';
import type { ResumeKeeper, ResumeRecord } from '../dispatch/sessions.ts';
import type { Clock, Disposable, Logger } from '../ports/ports.ts';

/** Last-activity moves are written at most this often (a new or ended sign-in is written at once). */
export const RESUME_TOUCH_WRITE_MS = 5_000;

/**
 * The hub's resumable sign-ins in `<data dir>/hub-resume.json` (mode 0600): the SHA-256 of each screen's
 * resume secret, who was signed in, since when, and the last activity. A hub killed and started again
 * loads them, so a console's screen takes its person back without a new sign-in until the idle lock
 * (which runs on from the last activity written, at most RESUME_TOUCH_WRITE_MS early). The secrets
 * themselves are only on the screens. Written by rename, so a kill never leaves half a file.
 */
export function createResumeFile(dataDir: string, clock: Clock, logger: Logger): ResumeKeeper & Disposable {
  const file = path.join(dataDir, 'hub-resume.json');
  const records = new Map<string, ResumeRecord>();
  let timer: Disposable | null = null;
  const write = (): void => {
    timer?.dispose();
    timer = null;
    try {
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify([...records.values()]), { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch (e) {
      // Losing this file costs a new sign-in after a hub restart, nothing else.
      logger.warn('The hub could not keep its screens’ sign-ins for a restart', { file, error: e as Error });
    }
  };
  return {
    load() {
      try {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as ResumeRecord[];
        for (const r of Array.isArray(parsed) ? parsed : []) {
          if (typeof r?.key === 'string' && typeof r.actor?.userId === 'string' && Array.isArray(r.actor.roles) && typeof r.signedInAt === 'number' && typeof r.lastActivityAt === 'number') records.set(r.key, r);
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn('The hub’s kept sign-ins could not be read; screens sign in again', { file, error: e as Error });
      }
      return [...records.values()];
    },
    put(record) {
      records.set(record.key, record);
      write();
    },
    touch(key, lastActivityAt) {
      const r = records.get(key);
      if (!r) return;
      r.lastActivityAt = lastActivityAt;
      timer ??= clock.setTimer(RESUME_TOUCH_WRITE_MS, write);
    },
    drop(key) {
      if (records.delete(key)) write();
    },
    dispose() {
      if (timer) write();
    },
  };
}
