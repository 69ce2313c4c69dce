/** Sandbox data: released orders as the demo plant's controllers report them (plantModel's numbering). */
export interface SeedOperation {
  operationId: string;
  sequence: string;
  text: string;
  workCenter: string;
  plannedQty: number;
  confirmedYield: number;
  confirmedScrap: number;
}

export interface SeedOrder {
  id: string;
  type: string;
  material: string;
  plant: string;
  plannedQty: number;
  unit: string;
  closed: boolean;
  locked: boolean;
  lastChangeMs: number;
  operations: SeedOperation[];
}

export interface ErpSeed {
  plant: string;
  orders: SeedOrder[];
}

/**
 * The demo plant runs order 1_000_000 + line × 1_000 + ((k × 7 + 123) mod 1_000) for its k-th order
 * cycle; the first `perLine` of them are released here, one operation 0010 on the line's work centre.
 */
export function demoSeed(options: { plant?: string; workCenters?: readonly string[]; perLine?: number; at?: number } = {}): ErpSeed {
  const plant = options.plant ?? '1710';
  const centers = options.workCenters ?? ['LINE01', 'LINE02', 'LINE03'];
  const perLine = options.perLine ?? 200;
  const at = options.at ?? Date.UTC(2026, 0, 1);
  const orders: SeedOrder[] = [];
  centers.forEach((wc, i) => {
    const line = i + 1;
    const seen = new Set<string>();
    for (let k = 0; k < perLine; k++) {
      const id = String(1_000_000 + line * 1_000 + ((k * 7 + 123) % 1_000));
      if (seen.has(id)) continue;
      seen.add(id);
      orders.push({
        id,
        type: 'PP01',
        material: `FG${200 + line}`,
        plant,
        plannedQty: 50_000,
        unit: 'PC',
        closed: false,
        locked: false,
        lastChangeMs: at,
        operations: [{ operationId: '0010', sequence: '0', text: `Run on ${wc}`, workCenter: wc, plannedQty: 50_000, confirmedYield: 0, confirmedScrap: 0 }],
      });
    }
  });
  return { plant, orders };
}
