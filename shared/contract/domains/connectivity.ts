import { z } from 'zod';
import { LinkState, MachineState } from '../../domain/line.ts';
import { LineTags } from '../../domain/plantConfig.ts';
import { FIELD_LIMITS, limitedText, plainId } from '../../domain/fieldLimits.ts';
import { defineCommands, defineStreams } from '../spec.ts';

/**
 * Line connectivity for supervisors and administrators: controller link details (freshness, gaps, sessions),
 * the app's OPC UA certificate store (trust by an administrator, audited), and browse-and-map commissioning.
 */

export const CertificateView = z.object({
  subject: z.string(),
  issuer: z.string(),
  commonName: z.string(),
  applicationUri: z.string().nullable(),
  validFrom: z.number(),
  validTo: z.number(),
  /** Upper-case hex without separators, as OPC UA tools show it. */
  sha1: z.string(),
  sha256: z.string(),
  selfSigned: z.boolean(),
});
export type CertificateView = z.infer<typeof CertificateView>;

export const StoredCertificateView = CertificateView.extend({ state: z.enum(['trusted', 'rejected', 'own']) });
export type StoredCertificateView = z.infer<typeof StoredCertificateView>;

export const ExpiryWarningView = z.object({
  sha1: z.string(),
  commonName: z.string(),
  state: z.enum(['trusted', 'rejected', 'own']),
  validTo: z.number(),
  daysLeft: z.number().int(),
  message: z.string(),
});

export const CertificateListing = z.object({
  own: StoredCertificateView.nullable(),
  trusted: z.array(StoredCertificateView),
  rejected: z.array(StoredCertificateView),
  warnings: z.array(ExpiryWarningView),
  /** Which controller last presented each rejected certificate (sha1 → controller ids). */
  presentedBy: z.record(z.string(), z.array(z.string())),
});
export type CertificateListing = z.infer<typeof CertificateListing>;

export const LinkGapView = z.object({
  seq: z.number().int(),
  lostAt: z.number(),
  restoredAt: z.number(),
  serverRestarted: z.boolean(),
  recovery: z.enum(['session-restored', 'subscription-recreated', 'reconnected']),
  reason: z.string(),
});
export type LinkGapView = z.infer<typeof LinkGapView>;

export const ControllerDetail = z.object({
  controllerId: z.string(),
  name: z.string(),
  endpoint: z.string(),
  link: LinkState,
  since: z.number(),
  securityMode: z.string(),
  securityPolicy: z.string(),
  insecure: z.boolean(),
  /** Since when values are not live although the link looks connected (watchdog), else null. */
  staleSince: z.number().nullable(),
  lastHeardAt: z.number().nullable(),
  keepAlivePeriodMs: z.number().nullable(),
  serverStartTime: z.number().nullable(),
  sessions: z
    .object({
      current: z.number().nullable(),
      max: z.number().nullable(),
      usedByConsole: z.number().int(),
      maxMonitoredItemsPerCall: z.number().int(),
      maxNodesPerRead: z.number().int(),
    })
    .nullable(),
  recentGaps: z.array(LinkGapView),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      status: z.string().optional(),
      certificate: CertificateView.optional(),
      offered: z.array(z.string()).optional(),
      /** CLIENT_CERTIFICATE_REFUSED: the console's own certificate, to install on the controller. */
      ownCertificate: z.object({ subject: z.string(), commonName: z.string(), sha1: z.string(), sha256: z.string() }).optional(),
    })
    .nullable(),
  /** The controller logs in with a user name whose password the console keeps in its secret store. */
  userName: z.string().nullable().optional(),
});
export type ControllerDetail = z.infer<typeof ControllerDetail>;

export const ControllerDetails = z.object({ at: z.number(), controllers: z.array(ControllerDetail) });
export type ControllerDetails = z.infer<typeof ControllerDetails>;

export const BrowsedNodeView = z.object({
  nodeRef: z.string(),
  browseName: z.string(),
  displayName: z.string(),
  nodeClass: z.string(),
  dataType: z.string().nullable(),
  access: z.enum(['read', 'write', 'readwrite', 'none']).nullable(),
  hasChildren: z.boolean(),
});
export type BrowsedNodeView = z.infer<typeof BrowsedNodeView>;

export const FoundNodeView = BrowsedNodeView.extend({ path: z.array(z.string()) });
export type FoundNodeView = z.infer<typeof FoundNodeView>;

export const MappingProposal = z.object({
  /** What the shape was recognised as. */
  standard: z.enum(['packml', 'machinery']),
  /** Browse path of the machine/unit object, e.g. ["PackML_Line4"]. */
  path: z.array(z.string()),
  name: z.string(),
  tags: LineTags.partial(),
  stateMap: z.record(z.string(), MachineState),
  /** What a person must check before saving (e.g. "ProdProcessedCount counts rejects too"). */
  notes: z.array(z.string()),
});
export type MappingProposal = z.infer<typeof MappingProposal>;

const ControllerId = plainId('Controller');
const NodeRefInput = z.string().min(1).max(1000);

export const LineMappingInput = z
  .object({
    id: plainId('Line id'),
    name: limitedText(FIELD_LIMITS.lineName, { min: 1 }),
    controllerId: ControllerId,
    tags: LineTags,
    stateMap: z.record(z.string().max(200), MachineState),
    targetRatePerMin: z.number().positive().max(100_000),
    idealCycleTimeSec: z.number().positive().max(86_400).optional(),
  })
  .strict();
export type LineMappingInput = z.infer<typeof LineMappingInput>;

export const OwnCertificateExport = z.object({
  subject: z.string(),
  commonName: z.string(),
  sha1: z.string(),
  sha256: z.string(),
  validTo: z.number(),
  /** Files written in the console's data folder (PEM and DER: controllers take one or the other). */
  pemPath: z.string(),
  derPath: z.string(),
  fileName: z.string(),
  /** The PEM text, for a download in the browser (serve mode). */
  pem: z.string(),
});
export type OwnCertificateExport = z.infer<typeof OwnCertificateExport>;

export const connectivityCommands = defineCommands({
  'connectivity.controllers': {
    req: z.object({}).strict(),
    res: ControllerDetails,
    access: 'anyone',
    summary: 'Read every controller link in detail: freshness, gaps, sessions used, the last error',
  },
  'connectivity.certificates': {
    req: z.object({}).strict(),
    res: CertificateListing,
    access: ['admin', 'supervisor'],
    summary: "List the console's OPC UA certificates: its own, trusted and rejected controller certificates, expiry warnings",
  },
  'connectivity.trustCertificate': {
    req: z.object({ sha1: z.string().regex(/^[0-9A-Fa-f:]{40,59}$/) }).strict(),
    res: StoredCertificateView,
    access: ['admin'],
    summary: "Trust a controller's certificate (audited)",
  },
  'connectivity.untrustCertificate': {
    req: z.object({ sha1: z.string().regex(/^[0-9A-Fa-f:]{40,59}$/) }).strict(),
    res: StoredCertificateView,
    access: ['admin'],
    summary: "Stop trusting a controller's certificate (audited)",
  },
  'connectivity.exportOwnCertificate': {
    req: z.object({}).strict(),
    res: OwnCertificateExport,
    access: ['admin'],
    summary: "Export the console's own OPC UA certificate (PEM and DER files in the data folder) to install on a controller",
  },
  'connectivity.setControllerPassword': {
    req: z.object({ controllerId: ControllerId, password: z.string().min(1, 'Enter the password.').max(1024) }).strict(),
    res: z.object({ controllerId: z.string(), userName: z.string(), replaced: z.boolean(), reconnecting: z.boolean() }),
    access: ['admin'],
    summary: "Store or replace a controller's login password in the secret store (never shown back; audited without it)",
  },
  'connectivity.browse': {
    req: z.object({ controllerId: ControllerId, nodeRef: NodeRefInput.nullable() }).strict(),
    res: z.array(BrowsedNodeView),
    access: ['admin'],
    summary: "Browse one level of a controller's address space",
  },
  'connectivity.search': {
    req: z.object({ controllerId: ControllerId, text: limitedText(FIELD_LIMITS.searchText, { min: 1 }), from: NodeRefInput.nullable().optional() }).strict(),
    res: z.array(FoundNodeView),
    access: ['admin'],
    summary: "Search a controller's address space by name",
  },
  'connectivity.proposeMappings': {
    req: z.object({ controllerId: ControllerId }).strict(),
    res: z.array(MappingProposal),
    access: ['admin'],
    summary: 'Propose line mappings for PackML- and OPC 40001 Machinery-shaped parts of a controller',
  },
  'connectivity.saveLineMapping': {
    req: z.object({ line: LineMappingInput }).strict(),
    res: z.object({ configPath: z.string(), backupPath: z.string(), created: z.boolean(), restartRequired: z.literal(true) }),
    access: ['admin'],
    summary: 'Save a line mapping into the plant configuration (validated; the previous file is kept as a backup; audited)',
  },
});

export const connectivityStreams = defineStreams({
  'connectivity.controllers': {
    payload: ControllerDetails,
    summary: 'Every controller link in detail, sent when a phase, freshness, gap or error changes',
  },
});
