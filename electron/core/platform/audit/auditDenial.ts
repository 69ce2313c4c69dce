import { commands, isCommandKey } from '../../../../shared/contract/commands.ts';
import type { Actor } from '../../../../shared/domain/actor.ts';
import type { Clock, Logger } from '../ports/ports.ts';
import type { WritableDb } from '../storage/db.ts';
import { recordAudit } from './auditTrail.ts';

/**
 * The dispatcher's onDenied: every refusal on role grounds becomes an audit record. Nothing changed,
 * so a failing audit write cannot undo anything; it is logged as an error for the operator instead.
 */
export function auditDenials(db: WritableDb, clock: Clock, logger: Logger): (key: string, actor: Actor) => void {
  return (key, actor) => {
    const access = isCommandKey(key) ? commands[key].access : undefined;
    try {
      recordAudit(db, { at: clock.now(), actor, action: key, details: { needed: access === 'anyone' ? [] : access ?? [] }, outcome: 'denied' });
    } catch (e) {
      logger.error('Audit record of a denial could not be written', { key, userId: actor.userId, error: e as Error });
    }
  };
}
