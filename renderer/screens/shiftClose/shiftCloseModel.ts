import type { Adjustment, DraftLine, ShiftDraft } from '../../../shared/contract/domains/shift.ts';

/** One editable row of the shift close: a line and an order, with what the supervisor confirms. */
export interface CloseRow {
  key: string;
  lineId: string;
  lineName: string;
  erpOrderId: string;
  operationId: string;
  material: string;
  uom: string;
  openQty: number | null;
  countedGood: number;
  countedReject: number;
  /** On active quality hold: shown apart, already out of the counted figures, never confirmed as good. */
  heldGood: number;
  heldReject: number;
  good: number;
  reject: number;
  adjustments: Adjustment[];
  include: boolean;
}

export function rowsOf(draft: ShiftDraft): CloseRow[] {
  return draft.lines.flatMap((l: DraftLine) =>
    l.orders.map((o) => ({
      key: `${l.lineId}/${o.erpOrderId}/${o.operationId}`,
      lineId: l.lineId,
      lineName: l.lineName,
      erpOrderId: o.erpOrderId,
      operationId: o.operationId,
      material: o.material,
      uom: o.uom,
      openQty: o.openQty === null ? null : Number(o.openQty),
      countedGood: o.countedGood,
      countedReject: o.countedReject,
      heldGood: o.heldGood ?? 0,
      heldReject: o.heldReject ?? 0,
      good: o.countedGood,
      reject: o.countedReject,
      adjustments: [],
      include: true,
    })),
  );
}

/** Same arithmetic as the core (applyAdjustments): scrap and rework come out of the good count. */
export function quantities(r: Pick<CloseRow, 'good' | 'reject' | 'adjustments'>): { yieldQty: number; scrapQty: number; reworkQty: number } {
  const scrap = r.adjustments.filter((a) => a.type === 'scrap').reduce((n, a) => n + a.qty, 0);
  const rework = r.adjustments.filter((a) => a.type === 'rework').reduce((n, a) => n + a.qty, 0);
  return { yieldQty: r.good - scrap - rework, scrapQty: r.reject + scrap, reworkQty: rework };
}

/** Flagged when the confirmed yield differs from the counted good, or exceeds the open quantity, by more than the threshold. */
export function variance(r: CloseRow, thresholdPct: number): string | null {
  const { yieldQty } = quantities(r);
  const base = r.countedGood;
  if (base > 0 && (Math.abs(base - yieldQty) / base) * 100 > thresholdPct) return `${Math.round((Math.abs(base - yieldQty) / base) * 100)} % off the counted good`;
  if (base === 0 && yieldQty > 0 && r.countedGood === 0 && r.countedReject === 0) return null;
  if (r.openQty !== null && yieldQty > r.openQty * (1 + thresholdPct / 100)) return `more than the ${r.openQty} still open on the order`;
  return null;
}
