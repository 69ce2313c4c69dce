import type { LiveLines } from '../../../../shared/contract/domains/lines.ts';
import type { LineProduction } from '../../../../shared/domain/line.ts';

/** Where the live pump reads each line's production figures from (the production feature provides it). */
export interface ProductionSource {
  /** Changes whenever any line's figures changed, so the pump knows to send. */
  revision(): number;
  of(lineId: string): LineProduction | null;
}

/** What feature modules may see of the live line state: the latest snapshot, and a place to plug production in. */
export interface LiveLinesView {
  snapshot(): LiveLines;
  setProductionSource(source: ProductionSource | null): void;
}
