import { setActiveClient } from '../../../renderer/bridge/activeClient.ts';
import { initialOutboxState, loadOutboxItems, outboxStore } from '../../../renderer/stores/outboxStore.ts';
import type { PlantClient } from '../../../shared/contract/client.ts';
import type { OutboxItemView } from '../../../shared/contract/domains/outbox.ts';
import { ok } from '../../../shared/contract/envelope.ts';

const item = (id: string, over: Partial<OutboxItemView> = {}): OutboxItemView =>
  ({ id, target: 'cmms', kind: 'case.create', orderingKey: 'asset:L2/L2', summary: 'case.create', payload: { lineId: 'L2', title: 'Capper jam', priority: 2 }, state: 'queued', attempts: 0, nextAttemptAt: 0, firstSentAt: null, checkAfter: null, lastError: null, remoteKeys: null, resolvedBy: null, supersedes: null, resolution: null, createdAt: 1, updatedAt: 1, ...over }) as OutboxItemView;

/** The bridge is a port: this one holds each outbox.list answer until the test releases it. */
function heldClient() {
  const pending: { states: string[] | undefined; release: (items: OutboxItemView[]) => void }[] = [];
  const client = {
    async invoke(key: string, req: { states?: string[] }) {
      if (key !== 'outbox.list') throw new Error(`unexpected ${key}`);
      return new Promise((resolve) => pending.push({ states: req.states, release: (items) => resolve(ok(items)) }));
    },
    on: () => () => {},
  } as unknown as PlantClient;
  return { client, pending };
}

// Issue 18: while a maintenance case was retried (CMMS unreachable) its Outbox row was redrawn and could not be clicked.
describe('outbox list loads (the rows of the Outbox screen)', () => {
  beforeEach(() => outboxStore.setState(initialOutboxState, true));
  afterEach(() => setActiveClient(null));

  it('a retried item keeps its row: an unchanged item stays the same object, and so does the list', async () => {
    const { client, pending } = heldClient();
    setActiveClient(client);
    const hold = item('h1', { target: 'erp', kind: 'hold.place' });
    let load = loadOutboxItems('waiting');
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending[0]!.release([item('c1', { attempts: 1 }), hold]);
    await load;
    const first = outboxStore.getState().items;
    // The next attempt: only the case changed.
    load = loadOutboxItems('waiting');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]!.release([item('c1', { attempts: 2, updatedAt: 2 }), item('h1', { target: 'erp', kind: 'hold.place' })]);
    await load;
    const second = outboxStore.getState().items;
    expect(second[1]).toBe(first[1]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]!.attempts).toBe(2);
    // Nothing changed: the very same list.
    load = loadOutboxItems('waiting');
    await vi.waitFor(() => expect(pending).toHaveLength(3));
    pending[2]!.release([item('c1', { attempts: 2, updatedAt: 2 }), item('h1', { target: 'erp', kind: 'hold.place' })]);
    await load;
    expect(outboxStore.getState().items).toBe(second);
  });

  it('an older answer arriving after a newer one is dropped: the tab a person picked stays, with its items', async () => {
    const { client, pending } = heldClient();
    setActiveClient(client);
    outboxStore.setState({ filter: 'failed' });
    const reload = loadOutboxItems(); // the counts changed: a reload of the failed tab
    const picked = loadOutboxItems('waiting'); // the person picks "Waiting" meanwhile
    expect(outboxStore.getState().filter).toBe('waiting');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]!.release([item('c1', { attempts: 3 })]);
    await picked;
    pending[0]!.release([item('h9', { target: 'erp', kind: 'hold.place', state: 'rejected' })]); // the older answer arrives last
    await reload;
    expect(outboxStore.getState().filter).toBe('waiting');
    expect(outboxStore.getState().items.map((i) => i.id)).toEqual(['c1']);
  });
});
