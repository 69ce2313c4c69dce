import type { HoldMarker } from '../../../shared/contract/domains/holds.ts';
import { applyHoldsChanged, holdsStore, initialHoldsState, selectActiveHoldsForLine, selectIsOrderHeld, selectLineHeld } from '../../../renderer/stores/holdsStore.ts';

const marker = (m: Partial<HoldMarker> & Pick<HoldMarker, 'id' | 'kind'>): HoldMarker => ({ lineId: null, erpOrderId: null, lot: null, ...m });
const ACTIVE: HoldMarker[] = [
  marker({ id: 'w', kind: 'window', lineId: 'L2' }),
  marker({ id: 'o-any', kind: 'order', erpOrderId: 'O9' }),
  marker({ id: 'o-l3', kind: 'order', erpOrderId: 'O7', lineId: 'L3' }),
  marker({ id: 'lot', kind: 'lot', lineId: 'L1', lot: 'B42' }),
];

beforeEach(() => holdsStore.setState({ ...initialHoldsState, active: ACTIVE }));

describe('holds store selectors (every screen marks held lines and orders from these)', () => {
  it('lists the active holds acting on a line: those naming it, and any-line order holds on the order it runs now', () => {
    const s = holdsStore.getState();
    expect(selectActiveHoldsForLine('L2')(s).map((m) => m.id)).toEqual(['w']);
    expect(selectActiveHoldsForLine('L2', 'O9')(s).map((m) => m.id)).toEqual(['w', 'o-any']);
    expect(selectActiveHoldsForLine('L3')(s).map((m) => m.id)).toEqual(['o-l3']);
    expect(selectActiveHoldsForLine('L1', 'O7')(s).map((m) => m.id)).toEqual(['lot']); // O7 is held on L3 only
    expect(selectActiveHoldsForLine('L4', 'O1')(s)).toEqual([]);
  });

  it('says a line is held exactly when some hold acts on it', () => {
    const s = holdsStore.getState();
    expect(selectLineHeld('L2')(s)).toBe(true);
    expect(selectLineHeld('L4')(s)).toBe(false);
    expect(selectLineHeld('L4', 'O9')(s)).toBe(true);
    expect(selectLineHeld('L4', 'O7')(s)).toBe(false);
  });

  it('says an order is held when an order hold names it, on any line or on the line asked about', () => {
    const s = holdsStore.getState();
    expect(selectIsOrderHeld('O9')(s)).toBe(true);
    expect(selectIsOrderHeld('O9', 'L1')(s)).toBe(true);
    expect(selectIsOrderHeld('O7')(s)).toBe(true);
    expect(selectIsOrderHeld('O7', 'L3')(s)).toBe(true);
    expect(selectIsOrderHeld('O7', 'L1')(s)).toBe(false);
    // A window or lot hold holds part of an order, not the order: shift close shows that part as a quantity.
    expect(selectIsOrderHeld('O1')(s)).toBe(false);
  });

  it('follows the holds.changed stream: a released hold stops marking at once', () => {
    applyHoldsChanged({ at: 1, active: ACTIVE.filter((m) => m.id !== 'w') });
    const s = holdsStore.getState();
    expect(selectLineHeld('L2')(s)).toBe(false);
    expect(selectLineHeld('L1')(s)).toBe(true);
  });
});
