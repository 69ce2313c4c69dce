import { z } from 'zod';
import { MachineState } from './line.ts';

/**
 * The plant configuration: one JSON file per workstation. It holds no secrets: credentials are
 * named here (`secretRef`) and read through the SecretStore port.
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (max 64), starting with a letter or digit');
const SecretRef = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'a secret name: lower-case letters, digits, _ . -');
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');

/** `nsu=<namespace URI>;s=<id>` (or i=, g=, b=): namespaces are resolved by URI, never by index. */
export const NodeRef = z
  .string()
  .regex(/^nsu=[^;]+;[isgb]=.+$/, 'an OPC UA node id with a namespace URI, like "nsu=urn:vendor:plc;s=Line1.Count"');

export const SecurityMode = z.enum(['None', 'Sign', 'SignAndEncrypt']);
export const SecurityPolicy = z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss']);

/** Policies that exist but are never used: named so the error can say why. */
export const DEPRECATED_POLICIES = ['Basic128Rsa15', 'Basic256'] as const;

const UserToken = z.discriminatedUnion('type', [
  z.object({ type: z.literal('anonymous') }),
  z.object({ type: z.literal('username'), userName: z.string().min(1), passwordSecret: SecretRef }),
  z.object({ type: z.literal('certificate'), certificateFile: z.string().min(1), privateKeySecret: SecretRef }),
]);

export const ControllerConfig = z
  .object({
    id: Id,
    name: z.string().min(1),
    endpoint: z.string().regex(/^opc\.tcp:\/\/[^/\s]+(\/.*)?$/, 'an endpoint URL like opc.tcp://host:4840/path'),
    security: z
      .object({
        mode: SecurityMode,
        policy: z.string(),
        /** SecurityPolicy None must be asked for by name; the UI shows such a controller as insecure. */
        allowInsecure: z.boolean().default(false),
      })
      .strict()
      .superRefine((s, ctx) => {
        if ((DEPRECATED_POLICIES as readonly string[]).includes(s.policy)) {
          ctx.addIssue({ code: 'custom', path: ['policy'], message: `security policy ${s.policy} is deprecated and refused; use Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss` });
          return;
        }
        if (!SecurityPolicy.safeParse(s.policy).success) {
          ctx.addIssue({ code: 'custom', path: ['policy'], message: `unknown security policy "${s.policy}"; expected one of ${SecurityPolicy.options.join(', ')}` });
          return;
        }
        const none = s.policy === 'None' || s.mode === 'None';
        if (none && !(s.policy === 'None' && s.mode === 'None')) {
          ctx.addIssue({ code: 'custom', path: ['mode'], message: 'mode None goes only with policy None, and policy None only with mode None' });
        }
        if (none && !s.allowInsecure) {
          ctx.addIssue({ code: 'custom', path: ['allowInsecure'], message: 'security policy None needs "allowInsecure": true (demo and test plants only)' });
        }
      }),
    userToken: UserToken.default({ type: 'anonymous' }),
    /** Milliseconds; how often the controller publishes changes to us. */
    publishingIntervalMs: z.number().int().min(50).max(10_000).default(500),
  })
  .strict();
export type ControllerConfig = z.infer<typeof ControllerConfig>;

export const LineTags = z
  .object({
    goodCount: NodeRef,
    rejectCount: NodeRef.optional(),
    machineState: NodeRef,
    speed: NodeRef.optional(),
    currentOrder: NodeRef.optional(),
    holdInterlock: NodeRef.optional(),
  })
  .strict();
export type LineTags = z.infer<typeof LineTags>;

export const LineConfig = z
  .object({
    id: Id,
    name: z.string().min(1),
    controllerId: Id,
    tags: LineTags,
    /** Raw controller state code (as a string key) → console state. Unmapped codes show as unknown. */
    stateMap: z.record(z.string(), MachineState),
    targetRatePerMin: z.number().positive(),
    idealCycleTimeSec: z.number().positive().optional(),
  })
  .strict();
export type LineConfig = z.infer<typeof LineConfig>;

export const ShiftPattern = z
  .object({
    name: z.string().min(1),
    start: ClockTime,
    end: ClockTime,
    days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    breaks: z.array(z.object({ start: ClockTime, end: ClockTime }).strict()).default([]),
  })
  .strict();

export const ShiftCalendar = z
  .object({
    shifts: z.array(ShiftPattern).min(1),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).default([]),
  })
  .strict();
export type ShiftCalendar = z.infer<typeof ShiftCalendar>;

export const ErpTarget = z
  .object({
    kind: z.enum(['sap-odata', 'rest']),
    baseUrl: z.url(),
    plant: z.string().min(1),
    credentialsSecret: SecretRef,
    batchSize: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const CmmsTarget = z
  .object({
    kind: z.enum(['servicenow', 'maintainx']),
    baseUrl: z.url(),
    credentialsSecret: SecretRef,
  })
  .strict();

export const PlantConfig = z
  .object({
    plant: z
      .object({
        id: Id,
        name: z.string().min(1),
        /** IANA zone: shifts, OEE and reports are computed in the plant's time, across DST changes. */
        timeZone: z.string().refine(isIanaZone, 'an IANA time zone like "Europe/Berlin"'),
      })
      .strict(),
    mode: z.enum(['demo', 'production']).default('production'),
    controllers: z.array(ControllerConfig).min(1),
    lines: z.array(LineConfig).min(1),
    shiftCalendar: ShiftCalendar,
    erp: ErpTarget.optional(),
    cmms: CmmsTarget.optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const controllerIds = new Set<string>();
    cfg.controllers.forEach((c, i) => {
      if (controllerIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['controllers', i, 'id'], message: `duplicate controller id "${c.id}"` });
      controllerIds.add(c.id);
      if (c.security.policy === 'None' && cfg.mode !== 'demo') {
        ctx.addIssue({ code: 'custom', path: ['controllers', i, 'security', 'policy'], message: 'security policy None is allowed only in a plant with "mode": "demo"' });
      }
    });
    const lineIds = new Set<string>();
    cfg.lines.forEach((l, i) => {
      if (lineIds.has(l.id)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'id'], message: `duplicate line id "${l.id}"` });
      lineIds.add(l.id);
      if (!controllerIds.has(l.controllerId)) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'controllerId'], message: `no controller with id "${l.controllerId}"; known: ${[...controllerIds].join(', ')}` });
      }
    });
  });
export type PlantConfig = z.infer<typeof PlantConfig>;

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
