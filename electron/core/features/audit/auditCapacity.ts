import type { Disposable } from '../../platform/ports/ports.ts';
import type { Clock, Logger } from '../../platform/ports/ports.ts';
import { auditCount } from '../../platform/audit/auditRepo.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import { readPeopleSettings } from '../people/index.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';

export const CAPACITY_CHECK_MS = 60_000;

/**
 * Warns (system.notice + log) once the trail reaches its warning size, and again each hour it stays
 * there: the trail is never pruned by the console, so a person has to archive it.
 */
export function watchAuditCapacity(db: WritableDb, clock: Clock, log: Logger, notice: (message: string, m: Message) => void): Disposable & { check(): boolean } {
  let lastWarnAt = -Infinity;
  const check = (): boolean => {
    const count = auditCount(db);
    const warnRows = readPeopleSettings(db).auditWarnRows;
    if (count < warnRows) return false;
    const now = clock.now();
    if (now - lastWarnAt >= 3_600_000) {
      lastWarnAt = now;
      const message = `The audit trail holds ${count.toLocaleString('en')} records (warning level ${warnRows.toLocaleString('en')}): export and archive it`;
      log.warn(message, { count, warnRows });
      notice(message, msg('ui.auditFull', { count, warn: warnRows }));
    }
    return true;
  };
  const timer = clock.setInterval(CAPACITY_CHECK_MS, () => {
    try {
      check();
    } catch (e) {
      log.error('Audit capacity check failed', { error: e as Error });
    }
  });
  return { check, dispose: () => timer.dispose() };
}
