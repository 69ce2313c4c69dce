import { HOLD_CLOCK_SLACK_MS, HoldScope, lineOfScope, MAX_HOLD_WINDOW_MS, scopeCovers, windowProblem } from '../../../shared/domain/hold.ts';

const MIN = 60_000;
const at = (lineId: string, minute: number, orderId = 'O1') => ({ lineId, minuteAt: minute * MIN, orderId });

describe('hold scopes', () => {
  it('a window covers the minutes that overlap [from, to) on its line only', () => {
    const w: HoldScope = { kind: 'window', lineId: 'L2', from: 10 * MIN + 30_000, to: 20 * MIN };
    expect(scopeCovers(w, at('L2', 9))).toBe(false);
    expect(scopeCovers(w, at('L2', 10))).toBe(true); // partly covered minute counts whole
    expect(scopeCovers(w, at('L2', 19))).toBe(true);
    expect(scopeCovers(w, at('L2', 20))).toBe(false);
    expect(scopeCovers(w, at('L1', 15))).toBe(false);
  });

  it('a line hold covers everything from its start on; an order hold its order on any line or one line', () => {
    expect(scopeCovers({ kind: 'line', lineId: 'L1', from: 5 * MIN }, at('L1', 4))).toBe(false);
    expect(scopeCovers({ kind: 'line', lineId: 'L1', from: 5 * MIN }, at('L1', 5000))).toBe(true);
    expect(scopeCovers({ kind: 'order', erpOrderId: 'O1' }, at('L3', 1))).toBe(true);
    expect(scopeCovers({ kind: 'order', erpOrderId: 'O1', lineId: 'L2' }, at('L3', 1))).toBe(false);
    expect(scopeCovers({ kind: 'order', erpOrderId: 'O2' }, at('L3', 1))).toBe(false);
  });

  it('refuses malformed scopes at the boundary and names the line a hold acts on', () => {
    expect(HoldScope.safeParse({ kind: 'window', lineId: 'L2', from: 1, to: 2, extra: true }).success).toBe(false);
    expect(HoldScope.safeParse({ kind: 'lot', lot: 'way-too-long-lot', lineId: 'L2', from: 1, to: 2 }).success).toBe(false);
    expect(HoldScope.safeParse({ kind: 'order', erpOrderId: "1' or 1=1" }).success).toBe(false);
    expect(lineOfScope({ kind: 'order', erpOrderId: 'O1' })).toBeNull();
    expect(lineOfScope({ kind: 'lot', lot: 'B1', lineId: 'L3', from: 0, to: 1 })).toBe('L3');
  });
});

describe('hold windows (one rule for the form and the core)', () => {
  const now = 1_000 * MIN;
  it('accepts a window of past production up to the current minute', () => {
    expect(windowProblem(now - 30 * MIN, now, now)).toBeNull();
    expect(windowProblem(now - 30 * MIN, now + HOLD_CLOCK_SLACK_MS, now)).toBeNull();
    expect(windowProblem(now - MAX_HOLD_WINDOW_MS, now, now)).toBeNull();
  });

  it('refuses a window that is empty, runs backwards, lies in the future or is too long, saying which', () => {
    expect(windowProblem(now, now, now)).toMatch(/ends before it starts/);
    expect(windowProblem(now - MIN, now - 2 * MIN, now)).toMatch(/ends before it starts/);
    expect(windowProblem(now + MIN, now + 2 * MIN, now)).toMatch(/starts in the future/);
    expect(windowProblem(now - MIN, now + HOLD_CLOCK_SLACK_MS + 1, now)).toMatch(/ends in the future/);
    expect(windowProblem(now - MAX_HOLD_WINDOW_MS - 1, now, now)).toMatch(/longer than 31 days/);
    expect(windowProblem(Number.NaN, now, now)).toMatch(/start and the end/);
  });
});
