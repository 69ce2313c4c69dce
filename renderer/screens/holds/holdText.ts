import type { ErpLeg, HoldView } from '../../../shared/contract/domains/holds.ts';
import { describeScope, type HoldScope } from '../../../shared/domain/hold.ts';
import type { Tone } from '../../components/tone.ts';
import { formatClock } from '../../format/time.ts';

/** Words and tones of the holds screen: pure, so they can be tested without a page. */
export function scopeText(scope: HoldScope, lineName: (id: string) => string, timeZone: string | undefined): string {
  return describeScope(scope, lineName, (ms) => formatClock(ms, timeZone).slice(0, 5));
}

export function interlockView(h: HoldView, timeZone: string | undefined): { text: string; tone: Tone } {
  const at = h.interlock.at ? ` at ${formatClock(h.interlock.at, timeZone)}` : '';
  switch (h.interlock.state) {
    case 'set':
      return { text: `Set on the controller and read back${at}`, tone: 'normal' };
    case 'cleared':
      return { text: `Cleared on the controller and read back${at}`, tone: 'normal' };
    case 'kept':
      return { text: `Left set: ${h.interlock.message ?? 'another hold on this line needs it'}`, tone: 'normal' };
    case 'failed':
      return { text: `NOT SET: ${h.interlock.message ?? 'the write was not confirmed'}`, tone: 'alarm' };
    case 'clear_failed':
      return { text: `NOT CLEARED: ${h.interlock.message ?? 'the write was not confirmed'}`, tone: 'alarm' };
    case 'not_mapped':
      return { text: 'No interlock is mapped for this scope', tone: 'normal' };
  }
}

export function erpView(leg: ErpLeg): { text: string; tone: Tone } {
  switch (leg.state) {
    case 'posted':
      return { text: `Posted${leg.message ? ` (${leg.message})` : ''}`, tone: 'normal' };
    case 'waiting':
      return { text: `Waiting to post${leg.outboxState === 'needs_check' ? ', checking the outcome' : ''}${leg.message ? `: ${leg.message}` : ''}`, tone: 'warning' };
    case 'failed':
      return { text: `FAILED (${leg.outboxState ?? 'missing'}): ${leg.message ?? 'see the outbox'}`, tone: 'alarm' };
    case 'no_erp':
      return { text: 'No ERP configured: the hold lives in the console only', tone: 'normal' };
  }
}

/** "Did the hold reach everything?": one word for the card's header. */
export function reachedEverything(h: HoldView): { text: string; tone: Tone } {
  const lineOk = h.interlock.state !== 'failed' && h.interlock.state !== 'clear_failed';
  const legs = [h.erp.place, ...(h.erp.release ? [h.erp.release] : [])];
  if (!lineOk || legs.some((l) => l.state === 'failed')) return { text: 'Did not reach everything', tone: 'alarm' };
  if (legs.some((l) => l.state === 'waiting')) return { text: 'Line done, ERP waiting', tone: 'warning' };
  return { text: 'Reached everything', tone: 'normal' };
}
