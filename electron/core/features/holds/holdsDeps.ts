import type { Confirmer, HoldsChanged } from '../../../../shared/contract/domains/holds.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import type { OpcuaPort } from '../../platform/opcua/opcuaTypes.ts';
import type { Clock, Logger } from '../../platform/ports/ports.ts';
import type { WritableDb } from '../../platform/storage/db.ts';
import type { ConfirmerResult } from './verifyConfirmer.ts';

/** What the hold services share; built once by holdsModule. */
export interface HoldsDeps {
  db: WritableDb;
  config: PlantConfig;
  gateways: ReadonlyMap<string, OpcuaPort>;
  clock: Clock;
  log: Logger;
  /** The outbox, to wake the ERP worker after enqueueing; null when no ERP is configured (holds stay local). */
  outbox: { kick(target: string): void } | null;
  publish(msg: HoldsChanged): void;
  /** This console's name, carried in what it posts so another console can say where a hold came from. */
  consoleName: string;
  /** Checks the second person's credentials (the people module's verifier when it offers one). */
  verifyConfirmer(c: Confirmer, holdId: string): Promise<ConfirmerResult>;
}

export const lineIdsOf = (config: PlantConfig): string[] => config.lines.map((l) => l.id);
