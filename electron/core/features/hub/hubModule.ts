import { fail, ok } from '../../../../shared/contract/envelope.ts';
import type { HubDevice, HubDevices } from '../../../../shared/contract/domains/hub.ts';
import type { DeviceGate } from '../../coreApi.ts';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import { type DeviceRecord, DeviceStore } from '../../platform/hub/deviceStore.ts';

type HubKeys = 'hub.devices' | 'hub.pairingCode' | 'hub.revoke';

export interface HubModule extends CoreModule<HubKeys> {
  /** The host's door (CoreOptions.hub set); null on a standalone console. */
  gate: DeviceGate | null;
}

const NOT_A_HUB = 'This console is not a plant hub, so nothing can pair with it. Start the hub with `npm run serve -- --hub` (docs/hub.md).';

/**
 * Settings → Devices: the consoles and wall boards paired with this hub. Administrators ask for one-time
 * pairing codes and revoke devices (both audited); the host asks the gate who a connecting device is.
 */
export function createHubModule(ctx: CoreContext): HubModule {
  const store = new DeviceStore(ctx.db);
  const fingerprint = ctx.options.hub?.fingerprint ?? null;
  let connected: ReadonlyMap<string, number> = new Map();
  const view = (d: DeviceRecord): HubDevice => ({ ...d, connected: connected.get(d.id) ?? 0 });
  const snapshot = (): HubDevices => ({ hub: fingerprint !== null, fingerprint, devices: fingerprint === null ? [] : store.list().map(view) });
  const changed = (): void => ctx.publish('hub.devices', { changedAt: ctx.ports.clock.now() });

  const gate: DeviceGate | null =
    fingerprint === null
      ? null
      : {
          verify(credential) {
            const d = store.verify(credential);
            if (!d) return null;
            store.seen(d.id, ctx.ports.clock.now());
            return { id: d.id, name: d.name, kind: d.kind };
          },
          redeem(code) {
            const r = store.redeem(code, ctx.ports.clock.now());
            if (!r.ok) return r;
            ctx.log.info('A device paired with the hub', { deviceId: r.device.id, name: r.device.name, kind: r.device.kind });
            changed();
            return { ok: true, device: { id: r.device.id, name: r.device.name, kind: r.device.kind }, credential: r.credential };
          },
          isActive: (id) => store.isActive(id),
          setConnected(counts) {
            connected = new Map(counts);
            changed();
          },
        };

  return {
    gate,
    handlers: {
      'hub.devices': () => ok(snapshot()),
      'hub.pairingCode': (req, c) => {
        if (fingerprint === null) return fail('CONFLICT', NOT_A_HUB);
        const { code, expiresAt } = store.createPairingCode(c.actor, req.name, req.kind, c.now);
        return ok({ code, expiresAt, fingerprint });
      },
      'hub.revoke': (req, c) => {
        if (fingerprint === null) return fail('CONFLICT', NOT_A_HUB);
        const d = store.revoke(c.actor, req.deviceId, c.now);
        if (!d) return fail('NOT_FOUND', `No paired device ${req.deviceId}`);
        ctx.log.info('A device was revoked', { deviceId: d.id, name: d.name });
        // The host re-checks its connected devices on this message and disconnects the revoked one.
        changed();
        return ok(view(d));
      },
    },
  };
}
