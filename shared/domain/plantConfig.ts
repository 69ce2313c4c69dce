import { z } from 'zod';
import { MachineState } from './line.ts';
import { DEFAULT_REASON_TREE, ReasonTree } from './downtime.ts';
import { AlertsConfig } from './alert.ts';
import { LangSchema } from '../i18n/index.ts';

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
    /**
     * Milliseconds; how often the controller samples each tag (OPC UA samplingInterval). Absent: 0 for the line
     * tags (counts, state, order, speed: each change is reported when it happens, or at the fastest rate the
     * controller samples; sampled at the publishing interval, a change waited up to one more interval to reach
     * the screen) and the publishing interval for the process signals (platform/linefeed/lineFeed.ts).
     */
    samplingIntervalMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.samplingIntervalMs !== undefined && c.samplingIntervalMs > 10 * c.publishingIntervalMs) {
      ctx.addIssue({ code: 'custom', path: ['samplingIntervalMs'], message: `samplingIntervalMs (${c.samplingIntervalMs}) is more than ten times publishingIntervalMs (${c.publishingIntervalMs}): counts would arrive late and in steps; sample at most ten publishing intervals apart` });
    }
  });
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

/**
 * A process value of a line the supervisor watches beside its counts (temperature, pressure, motor
 * current …): read-only, numeric, shown on the line view. `low`/`high` bound the normal band; a value
 * outside it is abnormal and highlighted. Ids are unique per line and stable (screens and tests use them).
 */
export const SignalConfig = z
  .object({
    id: Id,
    label: z.string().trim().min(1).max(60),
    nodeId: NodeRef,
    /** Shown after the value, e.g. "°C", "bar", "A". */
    unit: z.string().trim().min(1).max(16).optional(),
    /** Digits after the decimal point on screen. */
    decimals: z.number().int().min(0).max(6).default(1),
    low: z.number().optional(),
    high: z.number().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.low !== undefined && s.high !== undefined && !(s.low < s.high)) {
      ctx.addIssue({ code: 'custom', path: ['high'], message: `the normal band's high (${s.high}) must be above its low (${s.low})` });
    }
  });
export type SignalConfig = z.infer<typeof SignalConfig>;

/** At most this many signals per line: a line view shows them all, and 50 lines × 200 is already 10,000 items. */
export const MAX_SIGNALS_PER_LINE = 200;

const LineSignals = z
  .array(SignalConfig)
  .max(MAX_SIGNALS_PER_LINE)
  .superRefine((signals, ctx) => {
    const seen = new Set<string>();
    signals.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate signal id "${s.id}" on this line` });
      seen.add(s.id);
    });
  });

export const ProductConfig = z
  .object({
    id: Id,
    name: z.string().min(1),
    /** A regular expression matched against the controller's current order number. */
    orderPattern: z.string().min(1).refine(isRegex, 'a valid regular expression'),
    targetRatePerMin: z.number().positive(),
    idealCycleTimeSec: z.number().positive(),
  })
  .strict();
export type ProductConfig = z.infer<typeof ProductConfig>;

/** How long production data is kept. Raw samples are for diagnosis; rollups are the record. */
export const ProductionStorage = z
  .object({
    rawRetentionHours: z.number().positive().max(24 * 31).default(48),
    minuteRetentionDays: z.number().int().positive().max(3660).default(400),
  })
  .strict();

export const LineConfig = z
  .object({
    id: Id,
    name: z.string().min(1),
    controllerId: Id,
    tags: LineTags,
    /** Process values shown on the line view (shared/domain/signal.ts); none by default. */
    signals: LineSignals.default([]),
    /** Raw controller state code (as a string key) → console state. Unmapped codes show as unknown. */
    stateMap: z.record(z.string(), MachineState),
    targetRatePerMin: z.number().positive(),
    idealCycleTimeSec: z.number().positive().optional(),
    /** Highest rate the line can make (parts/min); a larger counter jump is held as suspect. Default 3 × target. */
    maxRatePerMin: z.number().positive().optional(),
    /** Stops shorter than this are micro-stops: grouped, not asked to be coded. */
    microStopThresholdSec: z.number().nonnegative().max(3600).default(60),
    /** This line's own reason tree; without it the plant's `reasonTree`. */
    reasonTree: ReasonTree.optional(),
    /** Products by order number: the running order picks the target rate and ideal cycle time. */
    products: z.array(ProductConfig).default([]),
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

/**
 * How the console reaches an ERP or CMMS through the plant's network (electron/core/platform/net/).
 * proxy: "environment" (HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the console's process, the default), "none",
 * or a proxy URL; noProxy: comma-separated hosts that bypass a configured proxy URL. caFile: a PEM bundle of
 * company CAs (a TLS-inspecting proxy's CA) trusted in addition to the built-in list; systemCa: also trust
 * the operating system's store. Client certificate (mutual TLS, some ERPs require it): PEM files, the key's
 * passphrase by secret name.
 */
export const NetworkSettings = z
  .object({
    proxy: z.union([z.enum(['environment', 'none']), z.url({ protocol: /^https?$/, error: 'a proxy URL like "http://proxy.plant.local:3128", or "environment", or "none"' })]).default('environment'),
    noProxy: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    systemCa: z.boolean().default(false),
    clientCertFile: z.string().min(1).optional(),
    clientKeyFile: z.string().min(1).optional(),
    clientKeyPassphraseSecret: SecretRef.optional(),
  })
  .strict()
  .refine((n) => (n.clientCertFile === undefined) === (n.clientKeyFile === undefined), { message: 'clientCertFile and clientKeyFile go together', path: ['clientKeyFile'] });
export type NetworkSettings = z.infer<typeof NetworkSettings>;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): ServiceNow (`<instance>/oauth_token.do`) or SAP BTP (the XSUAA
 * `…/oauth/token` of the service key). The client secret is named, never written here.
 */
export const OAuthClientCredentials = z
  .object({
    tokenUrl: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1),
    clientSecretSecret: SecretRef,
    scope: z.string().min(1).optional(),
  })
  .strict();
export type OAuthClientCredentials = z.infer<typeof OAuthClientCredentials>;

/** An SAP storage location (LGORT): 1 to 4 letters or digits, as SAP keys it (upper case). */
const StorageLocation = z.string().regex(/^[A-Z0-9]{1,4}$/, 'a storage location of 1 to 4 capital letters or digits, like "0001"');

export const ErpTarget = z
  .object({
    kind: z.enum(['sap-odata', 'rest']),
    baseUrl: z.url(),
    plant: z.string().min(1),
    credentialsSecret: SecretRef,
    /** Proxy, company CAs, client certificate (NetworkSettings). */
    network: NetworkSettings.optional(),
    /** OAuth 2.0 client credentials instead of the credentials secret (SAP BTP). */
    oauth: OAuthClientCredentials.optional(),
    batchSize: z.number().int().min(1).max(500).default(50),
    /** Line id → ERP work centre; a line without one uses its own id. */
    workCenters: z.record(z.string(), z.string().min(1).max(8)).default({}),
    /** SAP only: `sap-client` sent on every URL (on-premise and private cloud). */
    sapClient: z.string().regex(/^\d{3}$/).optional(),
    /** Seconds a request may take; after it the outcome is unknown and is read back. */
    timeoutSec: z.number().int().min(1).max(600).default(30),
    /** Seconds to wait after an unknown outcome before the read-back that decides a resend. */
    settleSec: z.number().int().min(0).max(3600).default(60),
    /**
     * Seconds the ERP may still post a request after it arrived (SAP: the work-process runtime limit,
     * rdisp/max_wprun_time or the scheduler’s max_runtime per priority; not the ICM timeout). No read-back that
     * could lead to a resend runs before it has passed; timeoutSec + settleSec must reach past it.
     */
    processingLimitSec: z.number().int().min(1).max(3600).optional(),
    /** Minimum seconds between two confirmations of one order (rapid posts lock it in SAP). */
    minOrderGapSec: z.number().min(0).max(60).default(2),
    /** Per cent: adjusted or over-delivered quantities beyond this are flagged at shift close. */
    varianceThresholdPct: z.number().min(0).max(100).default(5),
    /**
     * SAP only: where quality holds block stock (movement types 344/343 post within one storage location).
     * By line id; by material where a material lies elsewhere (the material's wins). Lines must exist.
     */
    storageLocations: z
      .object({
        lines: z.record(z.string(), StorageLocation).default({}),
        materials: z.record(z.string().min(1).max(40), StorageLocation).default({}),
      })
      .strict()
      .default({ lines: {}, materials: {} }),
  })
  .strict()
  // The REST ERP adapter signs in with the credentials secret only: OAuth there would be ignored, silently.
  .refine((e) => e.kind === 'sap-odata' || e.oauth === undefined, { message: 'the REST ERP signs in with the credentials secret, not OAuth (OAuth is for SAP BTP)', path: ['oauth'] });
export type ErpTarget = z.infer<typeof ErpTarget>;

/** ServiceNow tables whose states the console maps (electron/core/platform/cmms/ServiceNowCmms.ts). */
export const SERVICENOW_TABLES = ['incident', 'wm_order'] as const;

export const CmmsTarget = z
  .object({
    kind: z.enum(['servicenow', 'maintainx']),
    baseUrl: z.url(),
    credentialsSecret: SecretRef,
    /** Proxy, company CAs, client certificate (NetworkSettings). */
    network: NetworkSettings.optional(),
    /** ServiceNow only: OAuth 2.0 client credentials instead of the credentials secret. */
    oauth: OAuthClientCredentials.optional(),
    /**
     * ServiceNow only: the table cases go to. Only tables whose states the console can map are accepted
     * (`incident`, `wm_order`); any other would show every case as new forever, so it is refused here.
     */
    table: z.enum(SERVICENOW_TABLES, { error: `a ServiceNow table whose states the console can map: ${SERVICENOW_TABLES.join(' or ')} (other tables, such as Enterprise Asset Management's, are not supported yet)` }).default('incident'),
    /** Line id → the asset as the CMMS knows it (ServiceNow cmdb_ci sys_id; MaintainX asset and location ids). */
    assets: z.record(z.string(), z.object({ assetId: z.string().min(1), locationId: z.string().min(1).optional() }).strict()).default({}),
    /** MaintainX only: multi-organisation tokens also send x-organization-id. */
    organizationId: z.string().min(1).optional(),
    timeoutSec: z.number().int().min(1).max(600).default(30),
    settleSec: z.number().int().min(0).max(3600).default(30),
    /** How often open cases' status is read back. */
    pollSec: z.number().int().min(2).max(86_400).default(300),
  })
  .strict()
  .refine((c) => c.kind === 'servicenow' || c.oauth === undefined, { message: 'MaintainX signs in with an API key (the credentials secret), not OAuth', path: ['oauth'] });
export type CmmsTarget = z.infer<typeof CmmsTarget>;

export const PlantConfig = z
  .object({
    plant: z
      .object({
        id: Id,
        name: z.string().min(1),
        /** IANA zone: shifts, OEE and reports are computed in the plant's time, across DST changes. */
        timeZone: z.string().refine(isIanaZone, 'an IANA time zone like "Europe/Berlin"'),
        /**
         * The plant's language ("de" or "en"): what every screen speaks before sign-in and for a person
         * who chose none; also the ERP language of what the console sends on its own. Absent: English.
         */
        language: LangSchema.default('en'),
      })
      .strict(),
    mode: z.enum(['demo', 'production']).default('production'),
    controllers: z.array(ControllerConfig).min(1),
    lines: z.array(LineConfig).min(1),
    shiftCalendar: ShiftCalendar,
    /** Downtime reasons for every line that has no tree of its own. */
    reasonTree: ReasonTree.default(DEFAULT_REASON_TREE),
    productionStorage: ProductionStorage.default({ rawRetentionHours: 48, minuteRetentionDays: 400 }),
    erp: ErpTarget.optional(),
    cmms: CmmsTarget.optional(),
    /** Which conditions become alerts (alert.ts); defaults when absent. */
    alerts: AlertsConfig.default(AlertsConfig.parse({})),
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
      if (cfg.erp && cfg.erp.kind !== 'sap-odata' && i === 0 && (Object.keys(cfg.erp.storageLocations.lines).length > 0 || Object.keys(cfg.erp.storageLocations.materials).length > 0)) {
        ctx.addIssue({ code: 'custom', path: ['erp', 'storageLocations'], message: 'storage locations are used by SAP only (erp.kind "sap-odata")' });
      }
      if (!controllerIds.has(l.controllerId)) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'controllerId'], message: `no controller with id "${l.controllerId}"; known: ${[...controllerIds].join(', ')}` });
      }
    });
    for (const line of Object.keys(cfg.erp?.storageLocations.lines ?? {})) {
      if (!lineIds.has(line)) ctx.addIssue({ code: 'custom', path: ['erp', 'storageLocations', 'lines', line], message: `no line with id "${line}"; known: ${[...lineIds].join(', ')}` });
    }
  });
export type PlantConfig = z.infer<typeof PlantConfig>;

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
