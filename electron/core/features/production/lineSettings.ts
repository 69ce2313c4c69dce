import { type ReasonLeaf, reasonLeaves } from '../../../../shared/domain/downtime.ts';
import type { LineConfig, PlantConfig, ProductConfig } from '../../../../shared/domain/plantConfig.ts';

/** A line's production settings, resolved once from the plant configuration. */
export interface LineSettings {
  readonly config: LineConfig;
  readonly maxRatePerMin: number;
  readonly microStopMs: number;
  readonly reasons: ReadonlyMap<string, ReasonLeaf>;
  readonly reasonTree: PlantConfig['reasonTree'];
  /** The product an order number belongs to, if any pattern matches. */
  productOf(orderId: string | null): ProductConfig | null;
  targetRateFor(orderId: string | null): number;
  idealCycleSecFor(orderId: string | null): number;
}

export function lineSettings(plant: PlantConfig, config: LineConfig): LineSettings {
  const tree = config.reasonTree ?? plant.reasonTree;
  const reasons = new Map(reasonLeaves(tree).map((l) => [l.code, l]));
  const patterns = config.products.map((p) => ({ p, re: new RegExp(p.orderPattern) }));
  const cache = new Map<string, ProductConfig | null>();
  const productOf = (orderId: string | null): ProductConfig | null => {
    if (!orderId) return null;
    let hit = cache.get(orderId);
    if (hit === undefined) {
      hit = patterns.find((x) => x.re.test(orderId))?.p ?? null;
      if (cache.size > 1000) cache.clear();
      cache.set(orderId, hit);
    }
    return hit;
  };
  return {
    config,
    maxRatePerMin: config.maxRatePerMin ?? config.targetRatePerMin * 3,
    microStopMs: config.microStopThresholdSec * 1000,
    reasons,
    reasonTree: tree,
    productOf,
    targetRateFor: (o) => productOf(o)?.targetRatePerMin ?? config.targetRatePerMin,
    idealCycleSecFor: (o) => productOf(o)?.idealCycleTimeSec ?? config.idealCycleTimeSec ?? 60 / config.targetRatePerMin,
  };
}
