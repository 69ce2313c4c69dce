import type { ShiftDraft } from '../../../shared/contract/domains/shift.ts';
import type { PlantClient } from '../../../shared/contract/client.ts';
import { ok } from '../../../shared/contract/envelope.ts';
import { setActiveClient } from '../../../renderer/bridge/activeClient.ts';
import { draftVersion, initialShiftCloseState, loadShiftDraft, openShiftClose, setShiftCloseMessage, pickShift, shiftCloseStore } from '../../../renderer/stores/shiftCloseStore.ts';

const draftOf = (date: string, code: string, closed: ShiftDraft['closed'] = null): ShiftDraft => ({
  date,
  code,
  windowStart: 0,
  windowEnd: 1,
  varianceThresholdPct: 5,
  lines: [],
  closed,
  state: 'ended-unclosed',
  now: 0,
  recorded: { good: 0, reject: 0 },
  maxAgeDays: 14,
});

/** The bridge is a port: this one answers shift.list at once and holds each shift.draft until released. */
function heldClient() {
  const pending: { req: { date?: string; code?: string }; release: () => void }[] = [];
  const client = {
    async invoke(key: string, req: { date?: string; code?: string }) {
      if (key === 'shift.list') return ok({ shifts: [], defaultShift: { date: '2026-12-05', code: 'N' }, maxAgeDays: 14 });
      if (key === 'shift.draft') return new Promise((resolve) => pending.push({ req, release: () => resolve(ok(draftOf(req.date ?? '?', req.code ?? '?'))) }));
      throw new Error(`unexpected ${key}`);
    },
    on: () => () => {},
  } as unknown as PlantClient;
  return { client, pending };
}

describe('shift close store (the screen reads the shift list and the draft from here)', () => {
  beforeEach(() => shiftCloseStore.setState(initialShiftCloseState, true));
  afterEach(() => setActiveClient(null));

  it('opens on the list’s default shift and loads its draft', async () => {
    const { client, pending } = heldClient();
    setActiveClient(client);
    const opening = openShiftClose();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    expect(pending[0]!.req).toEqual({ date: '2026-12-05', code: 'N' });
    pending[0]!.release();
    await opening;
    expect(shiftCloseStore.getState().picked).toBe('2026-12-05/N');
    expect(shiftCloseStore.getState().draft?.code).toBe('N');
  });

  it('drops the answer for a shift the person has already moved away from', async () => {
    const { client, pending } = heldClient();
    setActiveClient(client);
    const first = pickShift('2026-12-04/M');
    const second = pickShift('2026-12-05/A');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]!.release();
    await second;
    pending[0]!.release(); // the older answer arrives last
    await first;
    expect(shiftCloseStore.getState().draft?.date).toBe('2026-12-05');
    expect(shiftCloseStore.getState().draft?.code).toBe('A');
  });

  it('keeps the person on the shift they picked when the screen opens again (another person signs in)', async () => {
    const { client, pending } = heldClient();
    setActiveClient(client);
    shiftCloseStore.setState({ picked: '2026-12-01/M' });
    const opening = openShiftClose();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    expect(pending[0]!.req).toEqual({ date: '2026-12-01', code: 'M' });
    pending[0]!.release();
    await opening;
  });

  it('gives a reload of the same shift the same version (the supervisor’s edits stay), and a close a new one', () => {
    const open = draftOf('2026-12-05', 'N');
    expect(draftVersion(open)).toBe(draftVersion({ ...open, now: 99, recorded: { good: 5, reject: 0 } }));
    const closed = { closedAt: 1, closedBy: 'u', closedByName: 'Anna', state: 'closed', correction: 0 } as unknown as ShiftDraft['closed'];
    expect(draftVersion({ ...open, closed })).not.toBe(draftVersion(open));
    expect(draftVersion(draftOf('2026-12-05', 'M'))).not.toBe(draftVersion(open));
  });

  it('clears a failed load’s message once a load succeeds, but never a command’s answer', async () => {
    let up = false;
    const client = {
      async invoke(key: string, req: { date?: string; code?: string }) {
        if (!up) return { ok: false, error: { code: 'UNAVAILABLE', message: 'Not connected to the console core (shift.list)' } };
        if (key === 'shift.list') return ok({ shifts: [], defaultShift: { date: '2026-12-05', code: 'N' }, maxAgeDays: 14 });
        return ok(draftOf(req.date ?? '?', req.code ?? '?'));
      },
      on: () => () => {},
    } as unknown as PlantClient;
    setActiveClient(client);
    await openShiftClose(); // the screen opened while the bridge was still connecting
    expect(shiftCloseStore.getState().message?.ok).toBe(false);
    up = true;
    await openShiftClose();
    expect(shiftCloseStore.getState().message).toBeNull();
    expect(shiftCloseStore.getState().draft?.code).toBe('N');
    // A command's answer stays on screen through the reload that follows it.
    setShiftCloseMessage({ ok: true, text: 'Shift confirmed' });
    await loadShiftDraft();
    expect(shiftCloseStore.getState().message?.text).toBe('Shift confirmed');
  });
});
