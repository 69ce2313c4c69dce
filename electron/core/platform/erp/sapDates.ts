import { DateTime } from 'luxon';

/**
 * SAP keeps dates and times of confirmations and material documents as the plant's wall-clock time
 * with no zone (Edm.DateTime with sap:display-format="Date": midnight of that day, written as
 * `/Date(<ms of that midnight in UTC>)/`; Edm.Time: an ISO 8601 duration since midnight). An instant
 * the console holds in UTC is therefore turned into the plant's local date and time (IANA zone, luxon)
 * before it goes out, across DST changes.
 */
const local = (iso: string, zone: string): DateTime => {
  const d = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  if (!d.isValid) throw new Error(`not a valid time "${iso}" in zone ${zone}: ${d.invalidExplanation ?? d.invalidReason}`);
  return d;
};

/** A calendar day `YYYY-MM-DD` (already the plant's day) as an SAP date. */
export const sapDay = (ymd: string): string => `/Date(${Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)))})/`;

/** The plant-local day of an instant, as an SAP date. */
export const sapLocalDate = (iso: string, zone: string): string => sapDay(local(iso, zone).toISODate()!);

/** The plant-local wall-clock time of an instant, as an SAP Edm.Time (`PT21H00M00S`). */
export const sapLocalTime = (iso: string, zone: string): string => local(iso, zone).toFormat("'PT'HH'H'mm'M'ss'S'");
