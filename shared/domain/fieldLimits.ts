import { z } from 'zod';

/**
 * Every limit on a value a person types, in one place: the contract's zod schemas (which the core
 * enforces) and the renderer's forms (which say it while the person types) both read these, so a
 * value is either stored whole or refused with a message naming the limit — never cut.
 *
 * Where a value goes to the ERP or the CMMS the limit is that system's own field length:
 * - SAP lengths are the DDIC domains of the S/4HANA fields the adapters write (SE11 / the OData
 *   `$metadata` MaxLength of API_PROD_ORDER_CONFIRMATION_2_SRV, API_MATERIAL_DOCUMENT_SRV, API_BATCH_SRV).
 * - ServiceNow: the dictionary of the incident table (`short_description` max_length 160).
 * - MaintainX: its published OpenAPI (api.getmaintainx.com/v1/docs) states no maxLength for a work
 *   order's `title` that we could find; the limit below is UNVERIFIED and kept at ServiceNow's 160 so
 *   a case title fits both CMMS.
 *
 * How characters are counted: as UTF-16 code units (JavaScript's `.length`). SAP's Unicode kernel
 * stores CHAR fields as UTF-16 and counts a CHAR n field in UTF-16 code units, so an emoji outside the
 * Basic Multilingual Plane takes two of them — exactly what `.length` counts. ServiceNow and our own
 * SQLite columns count code points; UTF-16 units are never fewer, so counting them never lets through
 * a value those systems would cut. The person sees the same number the core checks.
 */
export interface FieldLimit {
  /** The field in plain words, as the form labels it ("Lot number"). */
  readonly label: string;
  readonly max: number;
  /** The remote field the limit comes from ("SAP batch"), or null for the console's own limit. */
  readonly system: string | null;
  /** Multi-line free text (a note): line breaks and tabs allowed. */
  readonly multiline?: boolean;
}

const L = (label: string, max: number, system: string | null, multiline = false): FieldLimit => ({ label, max, system, multiline });

export const FIELD_LIMITS = {
  // --- going to the ERP (SAP S/4HANA) -------------------------------------------------------------
  /** SAP batch, `Charg` (data element CHARG_D, CHAR 10). */
  lot: L('Lot number', 10, 'SAP batch'),
  /** SAP material, `Material` (MATNR, CHAR 40 in S/4HANA's extended material number). */
  material: L('Material', 40, 'SAP material'),
  /** SAP order number, `OrderID` / AUFNR (CHAR 12). */
  erpOrderId: L('Order number', 12, 'SAP order number'),
  /** SAP operation/activity, `OrderOperation` / VORNR (CHAR 4). */
  operationId: L('Operation', 4, 'SAP operation'),
  /** SAP storage location, `StorageLocation` / LGORT_D (CHAR 4). */
  storageLocation: L('Storage location', 4, 'SAP storage location'),
  /** SAP plant, `Plant` / WERKS_D (CHAR 4). */
  plant: L('Plant', 4, 'SAP plant'),
  /** SAP work center, `WorkCenter` / ARBPL (CHAR 8). */
  workCenter: L('Work center', 8, 'SAP work center'),
  /** SAP `ConfirmationText` (LTXA1 / CO_RTEXT, CHAR 40). */
  confirmationText: L('Confirmation text', 40, 'SAP confirmation text'),
  // --- going to the CMMS --------------------------------------------------------------------------
  /** ServiceNow incident `short_description` (max_length 160 in the incident dictionary). */
  caseTitle: L('Case title', 160, 'ServiceNow short description'),
  /** MaintainX work order `title`: UNVERIFIED (no maxLength in the published OpenAPI); ServiceNow's 160. */
  maintainxTitle: L('Case title', 160, 'MaintainX title (unverified)'),
  /** Planner's note: the first part of the case description (ServiceNow `description` is 4000 by default). */
  caseNote: L('Note', 2000, null, true),
  // --- the console's own fields ------------------------------------------------------------------
  holdReason: L('Reason', 200, null),
  holdNote: L('Note', 1000, null, true),
  releaseReason: L('Reason for the release', 500, null),
  alertReason: L('Reason', 300, null),
  assignee: L('Assignee', 80, null),
  downtimeNote: L('Note', 500, null, true),
  adjustmentReason: L('Reason', 200, null),
  overrideReason: L('Reason for closing with uncoded downtime', 500, null),
  reverseReason: L('Reason for the correction', 500, null),
  outboxReason: L('Reason', 500, null),
  displayName: L('Name', 80, null),
  lineName: L('Line name', 120, null),
  searchText: L('Search text', 100, null),
  shiftCode: L('Shift', 40, null),
  auditAction: L('Action', 100, null),
  configText: L('Text', 200, null),
} as const satisfies Record<string, FieldLimit>;

export type FieldLimitKey = keyof typeof FIELD_LIMITS;

/** "Lot number: at most 10 characters (SAP batch), got 15". */
export function tooLongMessage(limit: FieldLimit, got: number): string {
  return `${limit.label}: at most ${limit.max} characters${limit.system ? ` (${limit.system})` : ''}, got ${got}`;
}

/** Characters that break an ERP/CMMS payload or a log line: C0/C1 controls (line breaks only in multi-line text) and lone surrogates. */
export function controlCharProblem(s: string, multiline: boolean): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) {
        i++;
        continue;
      }
      return 'contains a broken character (half of an emoji or symbol)';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'contains a broken character (half of an emoji or symbol)';
    const isControl = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
    if (!isControl) continue;
    if (multiline && (c === 0x0a || c === 0x0d || c === 0x09)) continue;
    return multiline ? 'contains a control character (only line breaks and tabs are allowed)' : 'contains a line break or control character';
  }
  return null;
}

/**
 * Why a typed text cannot be taken, or null when it can: the one rule the form and the core share.
 * `value` is the trimmed text.
 */
export function textProblem(limit: FieldLimit, value: string, min = 0): string | null {
  if (value.length < min) return min <= 1 ? `${limit.label}: required` : `${limit.label}: at least ${min} characters`;
  if (value.length > limit.max) return tooLongMessage(limit, value.length);
  const bad = controlCharProblem(value, limit.multiline === true);
  return bad ? `${limit.label}: ${bad}` : null;
}

/**
 * A text a person types: trimmed, then stored whole or refused with a message naming the limit.
 * Unicode, right-to-left scripts and emoji are kept as typed.
 */
export function limitedText(limit: FieldLimit, options: { min?: number; minMessage?: string } = {}) {
  const min = options.min ?? 0;
  return z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z.string().check((ctx) => {
        const problem = ctx.value.length < min && options.minMessage ? `${limit.label}: ${options.minMessage}` : textProblem(limit, ctx.value, min);
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      }),
    );
}

/**
 * An identifier that goes to the ERP with a restricted alphabet (`pattern` says which, in words), length
 * checked first so the person learns the limit rather than "invalid".
 */
export function limitedCode(limit: FieldLimit, pattern: RegExp, alphabet: string) {
  return z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z.string().check((ctx) => {
        const v = ctx.value;
        let problem: string | null = null;
        if (v.length === 0) problem = `${limit.label}: required`;
        else if (v.length > limit.max) problem = tooLongMessage(limit, v.length);
        else if (!pattern.test(v)) problem = `${limit.label}: ${alphabet}`;
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: v });
      }),
    );
}

// --- dates, times, instants, counts, ids ---------------------------------------------------------

/** The span of plausible plant times: 2000-01-01 to 2100-01-01 (epoch ms). */
export const INSTANT_MIN = Date.UTC(2000, 0, 1);
export const INSTANT_MAX = Date.UTC(2100, 0, 1);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `s` is not a real calendar date YYYY-MM-DD (years 2000–2099), or null when it is. */
export function calendarDateProblem(s: string): string | null {
  const m = DATE_RE.exec(s);
  if (!m) return 'must be a date like 2026-12-06 (YYYY-MM-DD)';
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 2000 || y > 2099) return `year ${y} is out of range (2000–2099)`;
  if (mo < 1 || mo > 12) return `there is no month ${m[2]} (${s})`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `there is no day ${m[3]} in ${y}-${m[2]} (${s})`;
  return null;
}

/** Why `s` is not a time of day HH:MM between 00:00 and 23:59, or null when it is. */
export function timeOfDayProblem(s: string): string | null {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return 'must be a time like 06:30 (HH:MM)';
  if (Number(m[1]) > 23 || Number(m[2]) > 59) return `${s} is not a time of day (00:00–23:59)`;
  return null;
}

const withProblem = (label: string, problem: (s: string) => string | null) =>
  z.string().check((ctx) => {
    const p = problem(ctx.value);
    if (p) ctx.issues.push({ code: 'custom', message: `${label}: ${p}`, input: ctx.value });
  });

/** A calendar date YYYY-MM-DD that exists (no 2026-13-45, no 2026-02-30). */
export const calendarDate = (label: string) => withProblem(label, calendarDateProblem);
/** A time of day HH:MM, 00:00–23:59. */
export const timeOfDay = (label: string) => withProblem(label, timeOfDayProblem);

/** A moment as epoch milliseconds: a whole number between 2000 and 2100 (so `new Date(x)` is always valid). */
export const instant = (label: string) =>
  z
    .number({ error: `${label}: must be a moment in time (a number)` })
    .int(`${label}: must be a whole number of milliseconds`)
    .min(INSTANT_MIN, `${label}: before the year 2000`)
    .max(INSTANT_MAX, `${label}: after the year 2100`);

/** A count or quantity: a finite whole number in [min, max]. */
export const count = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}: must be a number` })
    .int(`${label}: must be a whole number`)
    .min(min, `${label}: at least ${min}`)
    .max(max, `${label}: at most ${max}`);

/** A row id the core hands out: a positive whole number. */
export const rowId = (label: string) => count(label, 1, Number.MAX_SAFE_INTEGER);

/** An id made of letters, digits and `_ . - :` (line, controller, user, reason code), at most `max`. */
export const plainId = (label: string, max = 64) =>
  z.string().check((ctx) => {
    const v = ctx.value;
    let p: string | null = null;
    if (v.length === 0) p = `${label}: required`;
    else if (v.length > max) p = `${label}: at most ${max} characters, got ${v.length}`;
    else if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(v)) p = `${label}: letters, digits, _ . - : only`;
    if (p) ctx.issues.push({ code: 'custom', message: p, input: v });
  });
