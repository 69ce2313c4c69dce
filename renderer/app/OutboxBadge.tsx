import type { OutboxTargetStats } from '../../shared/contract/domains/outbox.ts';
import { formatDuration } from '../format/time.ts';
import { targetName, useOutboxAttention, waitingNoun } from '../stores/outboxStore.ts';
import { hrefFor } from './href.ts';
import { useNow } from './useNow.ts';

/** "37 confirmations waiting for ERP, oldest 2 h 10 min" (plus failures), for the header of every screen. */
export function outboxSentence(t: OutboxTargetStats, now: number): string {
  const parts: string[] = [];
  if (t.depth > 0) parts.push(`${waitingNoun(t)} waiting for ${targetName(t)}${t.oldestCreatedAt !== null ? `, oldest ${formatDuration(now - t.oldestCreatedAt)}` : ''}`);
  const failed = t.rejected + t.parked;
  if (failed > 0) parts.push(`${failed} failed, need a person`);
  return parts.join('; ');
}

export function OutboxBadge() {
  const targets = useOutboxAttention();
  const now = useNow();
  if (targets.length === 0) return null;
  return (
    <div className="outbox-badges">
      {targets.map((t) => {
        const failed = t.rejected + t.parked > 0;
        // Amber only when waiting is abnormal: the ERP failing, offline, or items older than a few minutes.
        const stuck = t.lastError !== null || !t.online || t.breaker !== 'closed' || (t.oldestCreatedAt !== null && now - t.oldestCreatedAt > 5 * 60_000);
        const tone = failed ? 'tone-alarm' : stuck ? 'tone-warning' : 'tone-normal';
        return (
          <a key={t.target} className={`outbox-badge ${tone}`} href={hrefFor('outbox')} data-testid={`outbox-badge-${t.target}`} title={t.lastError ? `Last problem: ${t.lastError}` : undefined}>
            <span className="outbox-badge__name">{t.label}</span>
            <span className="outbox-badge__text">{outboxSentence(t, now)}</span>
          </a>
        );
      })}
    </div>
  );
}
