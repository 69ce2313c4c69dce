import { ok } from '../../../../shared/contract/envelope.ts';
import type { SignalDefinitions } from '../../../../shared/contract/domains/signals.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import { SignalPump } from './SignalPump.ts';

type Keys = 'signals.list' | 'signals.snapshot' | 'signals.watch';

export type SignalsContext = Pick<CoreContext, 'options' | 'config' | 'ports' | 'log' | 'feed' | 'publish' | 'sessions'>;

/** Every line's signal definitions as the screens need them (the configuration does not change while the core runs). */
export function signalDefinitions(config: PlantConfig): SignalDefinitions {
  return {
    lines: config.lines
      .filter((l) => l.signals.length > 0)
      .map((l) => ({
        lineId: l.id,
        signals: l.signals.map((s) => ({ id: s.id, label: s.label, nodeId: s.nodeId, unit: s.unit ?? null, decimals: s.decimals, low: s.low ?? null, high: s.high ?? null })),
      })),
  };
}

/**
 * Process signals per line (temperature, pressure, motor current …): from the line feed,
 * coalesced once per tick into `live.signals` for the lines some screen shows (`signals.watch`), read back
 * with `signals.snapshot`; `signals.list` tells the screens what each one is.
 */
export function createSignalsModule(ctx: SignalsContext): CoreModule<Keys> & { pump: SignalPump } {
  const pump = new SignalPump({
    clock: ctx.ports.clock,
    logger: ctx.log.child({ component: 'signals' }),
    lines: ctx.config.lines,
    feed: ctx.feed,
    tickMs: ctx.options.liveTickMs ?? 250,
    publish: (msg) => ctx.publish('live.signals', msg),
    openSessions: () => ctx.sessions.ids(),
  });
  const definitions = signalDefinitions(ctx.config);
  return {
    pump,
    handlers: {
      'signals.list': () => ok(definitions),
      'signals.snapshot': () => ok(pump.snapshot()),
      // The screen says which line it shows; trusted for nothing but choosing what live.signals carries.
      'signals.watch': (req, { sessionId }) => ok(pump.watch(sessionId, req.lineIds)),
    },
    start() {
      pump.start();
      if (pump.count() > 0) ctx.log.info('Process signals listened to', { signals: pump.count(), lines: definitions.lines.length });
    },
    dispose() {
      pump.dispose();
    },
  };
}
