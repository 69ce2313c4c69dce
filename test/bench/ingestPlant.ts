// The ingest benchmark's plant: N variables on the simulator (ingestSimulator.ts) laid out as lines of ten,
// and the console configuration that watches all of them the way a real plant is configured: per line the
// line tags (good count, reject count, machine state, speed) and six signals. Shared by the simulator, the
// console's configuration and the bare client, so all three name the same nodes.
export const INGEST_NS = 'urn:plant-console:bench-ingest';
export const ITEMS_PER_LINE = 10;

export type Kind = 'counter' | 'state' | 'analog';
/** Slot 0 good count, 1 reject count (counters), 2 machine state, 3 speed and 4–9 signals (analog). */
export function kindOf(i: number): Kind {
  const slot = i % ITEMS_PER_LINE;
  return slot <= 1 ? 'counter' : slot === 2 ? 'state' : 'analog';
}

export const nodeRef = (i: number): string => `nsu=${INGEST_NS};s=V${i}`;

/**
 * The subscription both clients ask for, from this one place: the console through its plant configuration
 * (the line feed asks its gateway for `samplingIntervalOf(controller)`, lineFeed.ts) and the bare client
 * (ingestBareClient.ts) directly. Sampling 0: the server reports every change it sees (exception-based), so
 * the simulator's tick decides the rate. The configuration used to leave `samplingIntervalMs` out, so the
 * console sampled at the publishing interval (100 ms: at most 10 values per item a second) while the bare
 * client took every change (up to 100 at a 10 ms tick): 8,900 against 41,000–65,000 notifications a second
 * in the same run, and the console's per-second work was divided by a fifth of the values.
 */
export const INGEST_SAMPLING_MS = Number(process.env.INGEST_SAMPLING_MS ?? 0);
export const INGEST_QUEUE_SIZE = 10;

/**
 * A plant configuration (the shipped demo's schema) with items / 10 lines on `endpoint`, publishing every
 * `publishingIntervalMs`. The simulator's counters count one part per tick (ingestSimulator.ts), so a line's
 * rate is 60,000 / tickMs parts a minute; the target rate says so. (It said 60 a minute for every tick: each
 * counter change was then an implausible jump, held for a supervisor, stored as a counter event and logged as
 * a warning, several thousand a second: the core measured that path, not ingest.)
 */
export function ingestPlantConfig(endpoint: string, items: number, publishingIntervalMs: number, tickMs = 1000): Record<string, unknown> {
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const lines = [];
  for (let l = 0; l * ITEMS_PER_LINE < items; l++) {
    const b = l * ITEMS_PER_LINE;
    lines.push({
      id: `B${l + 1}`,
      name: `Bench line ${l + 1}`,
      controllerId: 'bench',
      tags: { goodCount: nodeRef(b), rejectCount: nodeRef(b + 1), machineState: nodeRef(b + 2), speed: nodeRef(b + 3) },
      signals: Array.from({ length: ITEMS_PER_LINE - 4 }, (_, s) => ({ id: `s${s + 1}`, label: `Signal ${s + 1}`, nodeId: nodeRef(b + 4 + s), unit: 'bar', decimals: 2, low: 35, high: 65 })),
      stateMap: { '1': 'running', '2': 'idle' },
      targetRatePerMin: Math.round(60_000 / tickMs),
    });
  }
  return {
    plant: { id: `bench-ingest-${items}`, name: 'Ingest bench plant', timeZone: 'Europe/Berlin' },
    // Security policy None (a loopback simulator) is allowed only in a demo-mode plant (plantConfig.ts).
    mode: 'demo',
    controllers: [{ id: 'bench', name: 'Ingest simulator', endpoint, security: { mode: 'None', policy: 'None', allowInsecure: true }, userToken: { type: 'anonymous' }, publishingIntervalMs, samplingIntervalMs: INGEST_SAMPLING_MS }],
    lines,
    shiftCalendar: { shifts: [{ name: 'Day', start: '00:00', end: '12:00', days: everyDay }, { name: 'Evening', start: '12:00', end: '00:00', days: everyDay }], holidays: [] },
  };
}
