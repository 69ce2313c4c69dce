import { z } from 'zod';
import { FIELD_LIMITS, limitedText, plainId } from '../../domain/fieldLimits.ts';
import { defineCommands, defineStreams } from '../spec.ts';

/** A console (people sign in on it) or a wall board (viewer-only sessions, never a sign-in). */
export const DeviceKind = z.enum(['console', 'wallboard']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const HubDevice = z.object({
  id: z.string(),
  name: z.string(),
  kind: DeviceKind,
  pairedByName: z.string(),
  pairedAt: z.number(),
  lastSeenAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  revokedByName: z.string().nullable(),
  /** Screens of this device connected to the hub now. */
  connected: z.number().int(),
});
export type HubDevice = z.infer<typeof HubDevice>;

export const HubDevices = z.object({
  /** This core runs as a plant hub (`npm run serve -- --hub`); otherwise nothing can pair with it. */
  hub: z.boolean(),
  /** SHA-256 of the hub's TLS certificate, "AB:CD:…"; null when this core is not a hub. */
  fingerprint: z.string().nullable(),
  devices: z.array(HubDevice),
});
export type HubDevices = z.infer<typeof HubDevices>;

const DeviceName = limitedText(FIELD_LIMITS.displayName, { min: 1 });

export const hubCommands = defineCommands({
  'hub.devices': {
    req: z.object({}).strict(),
    res: HubDevices,
    access: ['admin'],
    summary: 'List the consoles and wall boards paired with this hub',
  },
  'hub.pairingCode': {
    req: z.object({ name: DeviceName, kind: DeviceKind }).strict(),
    res: z.object({ code: z.string(), expiresAt: z.number(), fingerprint: z.string() }),
    access: ['admin'],
    summary: 'Make a one-time code that pairs one console or wall board with this hub',
  },
  'hub.revoke': {
    req: z.object({ deviceId: plainId('Device', 64) }).strict(),
    res: HubDevice,
    access: ['admin'],
    summary: 'Revoke a paired console or wall board: it is disconnected and refused from now on',
  },
});

export const hubStreams = defineStreams({
  // Streams reach every screen, wall boards too: only the moment goes out, administrators ask `hub.devices`.
  'hub.devices': {
    payload: z.object({ changedAt: z.number() }),
    summary: 'The paired devices changed (paired, revoked, connected or gone): ask hub.devices',
  },
});
