import type { OutboxTargetStats } from '../../shared/contract/domains/outbox.ts';
import { currentFormat, type Format, tNow, type Translate, useFormat, useT } from '../i18n/index.tsx';
import { useOutboxAttention } from '../stores/outboxStore.ts';
import { hrefFor } from './href.ts';
import { useNow } from './useNow.ts';

/** Outbox item kinds and their catalogue names (common:outbox.kinds). */
const KIND_KEYS: Readonly<Record<string, string>> = {
  'confirmation.post': 'confirmationPost',
  'confirmation.cancel': 'confirmationCancel',
  'hold.place': 'holdPlace',
  'hold.release': 'holdRelease',
  'case.create': 'caseCreate',
  'case.update': 'caseUpdate',
};

/** "37 confirmations", "1 confirmation and 2 reversals", "3 items", in the language on screen. */
export function waitingWhat(t: Translate, f: Format, s: Pick<OutboxTargetStats, 'byKind' | 'depth'>): string {
  const parts = Object.entries(s.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => t(`common:outbox.kinds.${KIND_KEYS[k] ?? 'other'}`, { n }));
  if (parts.length === 0) return t('common:outbox.kinds.other', { n: s.depth });
  return new Intl.ListFormat(f.locale, { style: 'long', type: 'conjunction' }).format(parts);
}

/** "37 confirmations waiting for ERP, oldest 2 h 10 min" (plus failures), for the header of every screen. */
export function outboxSentence(s: OutboxTargetStats, now: number, t: Translate = tNow, f: Format = currentFormat(undefined)): string {
  const parts: string[] = [];
  if (s.depth > 0) {
    const target = t(`common:outbox.targets.${s.target}`, { defaultValue: s.target });
    const what = waitingWhat(t, f, s);
    const waiting = t(s.depth === 1 ? 'common:outbox.waitingOne' : 'common:outbox.waiting', { what, target });
    parts.push(s.oldestCreatedAt !== null ? `${waiting}, ${t('common:outbox.oldest', { duration: f.duration(now - s.oldestCreatedAt) })}` : waiting);
  }
  const failed = s.rejected + s.parked;
  if (failed > 0) parts.push(t('common:outbox.failed', { n: failed }));
  return parts.join('; ');
}

export function OutboxBadge() {
  const targets = useOutboxAttention();
  const now = useNow();
  const tr = useT('common');
  const f = useFormat();
  if (targets.length === 0) return null;
  return (
    <div className="outbox-badges">
      {targets.map((t) => {
        const failed = t.rejected + t.parked > 0;
        // Amber only when waiting is abnormal: the ERP failing, offline, or items older than a few minutes.
        const stuck = t.lastError !== null || !t.online || t.breaker !== 'closed' || (t.oldestCreatedAt !== null && now - t.oldestCreatedAt > 5 * 60_000);
        const tone = failed ? 'tone-alarm' : stuck ? 'tone-warning' : 'tone-normal';
        return (
          <a key={t.target} className={`outbox-badge ${tone}`} href={hrefFor('outbox')} data-testid={`outbox-badge-${t.target}`} title={t.lastError ? tr('outbox.lastProblem', { problem: t.lastError }) : undefined}>
            <span className="outbox-badge__name">{t.label}</span>
            <span className="outbox-badge__text">{outboxSentence(t, now, tr, f)}</span>
          </a>
        );
      })}
    </div>
  );
}
