import { AttributeIds, type ClientSession } from 'node-opcua-client';
import type { ServerFacts } from './opcuaTypes.ts';

/** Numeric ids of the standard Server object's variables (Part 5), read at every (re)connect. */
const IDS = {
  startTime: 2257,
  currentSessionCount: 2277,
  maxSessions: 24095,
  maxNodesPerRead: 11705,
  maxNodesPerBrowse: 11710,
  maxMonitoredItemsPerCall: 11714,
} as const;

export interface ServerReadout {
  startTime: number | null;
  facts: ServerFacts;
}

/** One Read for all of them; a variable the server lacks reads Bad and becomes null/0, never an error. */
export async function readServerFacts(session: ClientSession): Promise<ServerReadout> {
  const keys = Object.keys(IDS) as (keyof typeof IDS)[];
  const dvs = await session.read(keys.map((k) => ({ nodeId: `i=${IDS[k]}`, attributeId: AttributeIds.Value })));
  const get = (k: keyof typeof IDS): unknown => {
    const dv = dvs[keys.indexOf(k)];
    return dv && dv.statusCode.isGood() ? dv.value.value : null;
  };
  const num = (k: keyof typeof IDS): number | null => {
    const v = get(k);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const start = get('startTime');
  return {
    startTime: start instanceof Date && !Number.isNaN(start.getTime()) ? start.getTime() : null,
    facts: {
      currentSessionCount: num('currentSessionCount'),
      maxSessions: num('maxSessions') || null,
      maxMonitoredItemsPerCall: num('maxMonitoredItemsPerCall') ?? 0,
      maxNodesPerRead: num('maxNodesPerRead') ?? 0,
      maxNodesPerBrowse: num('maxNodesPerBrowse') ?? 0,
      sessionsUsedByConsole: 1,
    },
  };
}

/** Splits `items` into chunks of at most `limit` (0 = no server limit → `fallback`). */
export function chunks<T>(items: readonly T[], limit: number, fallback: number): T[][] {
  const size = Math.max(1, limit > 0 ? Math.min(limit, fallback) : fallback);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
