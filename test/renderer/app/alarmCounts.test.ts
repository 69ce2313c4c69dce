import type { AlertView } from '../../../shared/contract/domains/alerts.ts';
import { alarmCounts, isShown, lineAlarm } from '../../../renderer/app/alarmCounts.ts';
import { kioskModeOf } from '../../../renderer/app/kiosk.ts';

let nextId = 1;
function anAlert(o: Partial<AlertView> = {}): AlertView {
  const id = nextId++;
  return {
    id,
    key: `k${id}`,
    source: 'downtime',
    lineId: 'L1',
    assetId: null,
    priority: 2,
    title: `Alert ${id}`,
    detail: '',
    active: true,
    acked: false,
    ackedBy: null,
    shelving: null,
    suppressed: false,
    dismissed: false,
    dismissReason: null,
    assignedTo: null,
    firstRaisedAt: 1000 + id,
    lastRaisedAt: 1000 + id,
    clearedAt: null,
    raiseCount: 1,
    downtimeEventId: null,
    caseId: null,
    caseStatus: null,
    revision: 1,
    ...o,
  };
}

describe('header alarm counts (ISA-18.2)', () => {
  it('counts unacknowledged and active per priority, highest first, over exactly what the Alerts list shows', () => {
    const list = [
      anAlert({ priority: 3, active: true, acked: false }),
      anAlert({ priority: 1, active: true, acked: true }),
      anAlert({ priority: 1, active: false, acked: false }), // cleared, still to acknowledge
      anAlert({ priority: 3, active: true, acked: false }),
      anAlert({ priority: 2, active: false, acked: true }), // back to normal: not shown
      anAlert({ priority: 2, shelving: { kind: 'oneShot', reason: 'known', by: 'x', at: 1, remainingMs: null, untilEstimate: null } }),
      anAlert({ priority: 4, suppressed: true }),
      anAlert({ priority: 4, dismissed: true }),
    ];
    const c = alarmCounts(list);
    expect(c.byPriority).toEqual([
      { priority: 1, unacked: 1, active: 1 },
      { priority: 3, unacked: 2, active: 2 },
    ]);
    expect([c.unacked, c.active, c.open]).toEqual([3, 3, 4]);
    expect(list.filter(isShown).length).toBe(c.open);
  });

  it('none shown: no priorities, zero counts', () => {
    expect(alarmCounts([])).toEqual({ byPriority: [], unacked: 0, active: 0, open: 0 });
  });

  it('a line tile names the most urgent active alarm of that line, never a cleared or shelved one', () => {
    const a = anAlert({ lineId: 'L2', priority: 3, title: 'Rate low' });
    const b = anAlert({ lineId: 'L2', priority: 1, title: 'Line 2 down for 5 min' });
    const cleared = anAlert({ lineId: 'L2', priority: 1, active: false, title: 'old' });
    const other = anAlert({ lineId: 'L1', priority: 1 });
    expect(lineAlarm([a, b, cleared, other], 'L2')?.title).toBe('Line 2 down for 5 min');
    expect(lineAlarm([cleared], 'L2')).toBeNull();
  });
});

describe('kiosk mode from the address', () => {
  it('kiosk=1 (serve --kiosk) is locked; #/kiosk is left with Escape; rotate needs at least 5 s', () => {
    expect(kioskModeOf('?token=x&kiosk=1', '')).toEqual({ on: true, locked: true, rotateSec: null });
    expect(kioskModeOf('?token=x', '#/kiosk?rotate=20')).toEqual({ on: true, locked: false, rotateSec: 20 });
    expect(kioskModeOf('?token=x&kiosk=1&rotate=2', '')).toEqual({ on: true, locked: true, rotateSec: null });
    expect(kioskModeOf('?token=x', '#/overview')).toEqual({ on: false, locked: false, rotateSec: null });
    expect(kioskModeOf('?token=x', '#/kioskish').on).toBe(false);
  });
});
