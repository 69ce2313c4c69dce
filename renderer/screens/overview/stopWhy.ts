import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import type { AlertPriority } from '../../../shared/domain/alert.ts';
import type { LineSnapshot } from '../../../shared/domain/line.ts';
import type { HoldView } from '../../../shared/contract/domains/holds.ts';
import { i18n } from '../../i18n/instance.ts';
import type { Message } from '../../../shared/i18n/index.ts';

const tr = (key: string): string => i18n.t(key, { ns: 'overview' });

/** The words of the "why" and "held" lines of a tile, in the language in force (catalogue `overview`, group `why`). */
export const STOP_WHY_TEXT = {
  get alarm() {
    return tr('why.alarm');
  },
  get reason() {
    return tr('why.reason');
  },
  get stop() {
    return tr('why.stop');
  },
  get notCoded() {
    return tr('why.notCoded');
  },
  get noData() {
    return tr('why.noData');
  },
  get heldPrefix() {
    return tr('why.heldPrefix');
  },
  interlock: (state: HoldView['interlock']['state']): string => tr(`why.interlock.${state}`),
};

export type StopWhy =
  | { readonly kind: 'alarm'; readonly text: string; readonly priority: AlertPriority; readonly msg?: Message }
  | { readonly kind: 'reason'; readonly text: string }
  | { readonly kind: 'uncoded'; readonly text: string }
  | { readonly kind: 'nodata'; readonly text: string };

const STOPPED = new Set(['stopped', 'faulted', 'idle', 'starved', 'blocked', 'unknown', 'setup', 'planned_stop']);

/**
 * Why a line is not running, in the words a person acts on: its most urgent active alarm, else the
 * coded downtime reason of the stop it is in, else that the stop is not coded yet. Null while it runs.
 */
export function stopWhy(line: Pick<LineSnapshot, 'state' | 'production'>, alarm: (Pick<AlertView, 'title' | 'priority'> & Partial<Pick<AlertView, 'titleMsg'>>) | null): StopWhy | null {
  const stop = line.production?.downtime ?? null;
  if (!STOPPED.has(line.state) && !stop) return null;
  if (alarm) return alarm.titleMsg ? { kind: 'alarm', text: alarm.title, priority: alarm.priority, msg: alarm.titleMsg } : { kind: 'alarm', text: alarm.title, priority: alarm.priority };
  if (!stop) return null;
  if (stop.noData) return { kind: 'nodata', text: STOP_WHY_TEXT.noData };
  if (stop.coded && stop.reasonLabel) return { kind: 'reason', text: stop.reasonLabel };
  if (stop.micro) return null;
  return { kind: 'uncoded', text: STOP_WHY_TEXT.notCoded };
}

/** The interlock state of the holds acting on a line, worst first ("INTERLOCK NOT SET" before "set"). */
export function interlockWords(holds: readonly Pick<HoldView, 'id' | 'interlock'>[], holdIds: readonly string[]): { readonly text: string; readonly failed: boolean } {
  const order = ['failed', 'clear_failed', 'set', 'kept', 'cleared', 'not_mapped'] as const;
  const states = holds.filter((h) => holdIds.includes(h.id)).map((h) => h.interlock.state);
  const worst = order.find((s) => states.includes(s)) ?? 'not_mapped';
  return { text: STOP_WHY_TEXT.interlock(worst), failed: worst === 'failed' || worst === 'clear_failed' };
}
