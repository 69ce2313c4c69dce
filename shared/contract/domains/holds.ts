import { z } from 'zod';
import { DefectCategory, ErpPropagation, HeldQty, HoldScope, HoldStatus, InterlockState } from '../../domain/hold.ts';
import { count, FIELD_LIMITS, limitedText } from '../../domain/fieldLimits.ts';
import { MessageSchema } from '../../i18n/index.ts';
import { defineCommands, defineStreams } from '../spec.ts';

const Person = z.object({ userId: z.string(), displayName: z.string() });

export const ErpLeg = z.object({
  state: ErpPropagation,
  /** The outbox item's own state (queued, sending, needs_check, done, rejected, parked), null without ERP. */
  outboxState: z.string().nullable(),
  /** Why it failed or waits, in words: the ERP's own (SAP answers in the person's language, sap-language) or the console's English. */
  message: z.string().nullable(),
  /** The same for a person: what happened and what to do (a REST ERP's text introduced by a catalogue sentence); absent: show `message`. */
  msg: MessageSchema.nullable().optional(),
  /** The outbox reference the ERP sees. */
  reference: z.string().nullable(),
});
export type ErpLeg = z.infer<typeof ErpLeg>;

export const HoldView = z.object({
  id: z.string(),
  scope: HoldScope,
  status: HoldStatus,
  reason: z.string(),
  defectCategory: DefectCategory,
  note: z.string(),
  placedAt: z.number(),
  placedBy: Person,
  /** What the hold covers now, from the console's own production records (a line hold grows). */
  qty: HeldQty,
  /** What it covered when it was placed (frozen in the ERP posting). */
  qtyAtPlacement: HeldQty,
  /** Orders seen in the covered production. */
  orders: z.array(z.string()),
  /** Part of the covered production was counted across a link gap. */
  gap: z.boolean(),
  /**
   * `message`: the controller's and library's words (English, with the OPC UA status), the administrator's
   * Details; `msg`: why, for a person (what happened and what to do), absent on holds written before issue 18.
   */
  interlock: z.object({ state: InterlockState, message: z.string().nullable(), msg: MessageSchema.nullable().optional(), at: z.number().nullable(), lineId: z.string().nullable() }),
  erp: z.object({ place: ErpLeg, release: ErpLeg.nullable() }),
  released: z
    .object({ at: z.number(), by: Person, confirmedBy: Person, reason: z.string() })
    .nullable(),
  revision: z.number().int(),
});
export type HoldView = z.infer<typeof HoldView>;

/** The second person who confirms a release signs in for it on the same screen: badge or user name, plus PIN. */
export const Confirmer = z.discriminatedUnion('method', [
  z.object({ method: z.literal('badge'), badgeId: z.string().trim().min(1).max(64), pin: z.string().min(4).max(12) }).strict(),
  z.object({ method: z.literal('name'), userName: z.string().trim().min(1).max(64), pin: z.string().min(4).max(12) }).strict(),
]);
export type Confirmer = z.infer<typeof Confirmer>;

export const HoldPreview = z.object({
  qty: HeldQty,
  orders: z.array(z.object({ orderId: z.string(), good: z.number().int(), reject: z.number().int() })),
  gap: z.boolean(),
  /** The controller tag the hold will set, or null when none is mapped for the line. */
  interlockTag: z.string().nullable(),
});
export type HoldPreview = z.infer<typeof HoldPreview>;

/** What every screen needs to mark held lines and orders. */
export const HoldMarker = z.object({ id: z.string(), kind: z.enum(['line', 'order', 'lot', 'window']), lineId: z.string().nullable(), erpOrderId: z.string().nullable(), lot: z.string().nullable() });
export type HoldMarker = z.infer<typeof HoldMarker>;

export const HoldsChanged = z.object({ at: z.number(), active: z.array(HoldMarker) });
export type HoldsChanged = z.infer<typeof HoldsChanged>;


export const holdsCommands = defineCommands({
  'holds.list': {
    req: z.object({ includeReleased: z.boolean().default(true), limit: count('Limit', 1, 500).default(100) }).strict(),
    res: z.object({ holds: z.array(HoldView), active: z.array(HoldMarker) }),
    access: 'anyone',
    summary: 'List quality holds',
  },
  'holds.preview': {
    req: z.object({ scope: HoldScope }).strict(),
    res: HoldPreview,
    access: ['quality'],
    summary: 'Compute what a hold would cover',
  },
  'holds.place': {
    req: z
      .object({
        scope: HoldScope,
        reason: limitedText(FIELD_LIMITS.holdReason, { min: 3, minMessage: 'give a reason (at least 3 characters)' }),
        defectCategory: DefectCategory,
        note: limitedText(FIELD_LIMITS.holdNote).default(''),
      })
      .strict(),
    res: HoldView,
    access: ['quality'],
    summary: 'Place a quality hold',
  },
  'holds.release': {
    req: z
      .object({
        holdId: z.uuid(),
        reason: limitedText(FIELD_LIMITS.releaseReason, { min: 3, minMessage: 'give a reason for the release (at least 3 characters)' }),
        /** The revision the quality lead saw: a changed hold gets CONFLICT. */
        expectedRevision: count('Revision', 0, Number.MAX_SAFE_INTEGER),
        /** The second person (another quality lead or an administrator), verified by the core. */
        confirmer: Confirmer.optional(),
      })
      .strict(),
    res: HoldView,
    access: ['quality'],
    summary: 'Release a quality hold (with a second person)',
  },
  'holds.retryInterlock': {
    req: z.object({ holdId: z.uuid() }).strict(),
    res: HoldView,
    access: ['quality'],
    summary: 'Write a hold interlock again after it failed',
  },
});

export const holdsStreams = defineStreams({
  'holds.changed': { payload: HoldsChanged, summary: 'Active holds changed (markers for every screen)' },
});

