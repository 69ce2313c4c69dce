import { ok } from '../../../../shared/contract/envelope.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import type { LivePump } from './LivePump.ts';

export function linesHandlers(config: PlantConfig, pump: LivePump): HandlerGroup<'lines.list' | 'lines.snapshot' | 'connection.list'> {
  return {
    'lines.list': () =>
      ok(config.lines.map((l) => ({ lineId: l.id, name: l.name, controllerId: l.controllerId, targetRatePerMin: l.targetRatePerMin }))),
    'lines.snapshot': () => ok(pump.snapshot()),
    'connection.list': () => ok(pump.connections()),
  };
}
