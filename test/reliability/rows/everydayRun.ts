import fs from 'node:fs';
import path from 'node:path';
import { startServiceNowSandbox } from '../../../electron/demo/cmms/serviceNowSandbox.ts';
import { startDemoPlant, type DemoPlant } from '../../../electron/demo/DemoPlant.ts';
import { startRestErpSandbox } from '../../../electron/demo/erp/restErpSandbox.ts';
import { makeTempDir, readDemoPlantConfig } from '../../fixtures/tempDir.ts';
import { type ServeProcess, startServe } from '../../e2e/support/serveProcess.ts';
import { ScreenSession, Tally } from './everydaySession.ts';

/**
 * The everyday run (issue 13, "Done when"): `npm run serve` (scripts/serve.ts) on the demo plant with
 * the real clock, an ERP (REST) and a CMMS (ServiceNow) sandbox whose admin API counts what they hold,
 * and a shift calendar of 10-minute shifts so several shifts end during the run. Each round every demo
 * person signs in on a screen of their own, does what they do every day (odd inputs included), and
 * signs out; the supervisor closes each shift that has ended and reverses and re-confirms every other one.
 * At the end: the core still answers, no INTERNAL and no unanswered command, no error in serve's log,
 * and the sandboxes hold exactly what the console confirmed, placed, released and raised, once each.
 */

const PLANT_ZONE = 'Europe/Berlin';
const MIN = 60_000;
const SHIFT_MIN = 10;

const PEOPLE = {
  supervisor: { badgeId: 'BADGE-1001', pin: '1111', name: 'Anna Berg' },
  planner: { badgeId: 'BADGE-1002', pin: '2222', name: 'Paul Novak' },
  quality: { badgeId: 'BADGE-1003', pin: '3333', name: 'Quinn Adler' },
  admin: { badgeId: 'BADGE-1004', pin: '4444', name: 'Ada Admin' },
  viewer: { badgeId: 'BADGE-1005', pin: '5555', name: 'Wall Board' },
} as const;
type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

/** Free text as people type it: accents, Hebrew (RTL), CJK, emoji outside the BMP, a ZWJ sequence. */
const UNICODE_TEXTS = [
  'Zoë prüft die Dichtung 🔧 — Ölstand ok',
  'שלום: המכסה רופף, בדיקה ב־14:05',
  '封口不良，已通知维修 🛠️',
  'Técnico 👩🏽‍🔧 revisó el sensor «S4»',
  'Überlast am Motor 🚨⚠️ – siehe Foto',
];
const uni = (i: number) => UNICODE_TEXTS[i % UNICODE_TEXTS.length]!;

interface AlertLite {
  id: number;
  active: boolean;
  acked: boolean;
  shelving: unknown;
  dismissed: boolean;
  caseId: string | null;
  assignedTo: string | null;
  lineId: string | null;
}
interface EventLite {
  id: number;
  lineId: string;
  startAt: number;
  endAt: number | null;
  durationMs: number;
  reasonCode: string | null;
  micro: boolean;
  noData: boolean;
  planned: boolean;
  revision: number;
  notes: { text: string }[];
}
interface HoldLite {
  id: string;
  status: 'active' | 'released';
  note: string;
  revision: number;
  placedAt: number;
  erp: { place: { reference: string | null } };
}
interface DraftLite {
  date: string;
  code: string;
  state: string;
  recorded: { good: number; reject: number };
  lines: { lineId: string; uncodedDowntimeMin: number; orders: { erpOrderId: string; operationId: string; countedGood: number; countedReject: number }[] }[];
}
/** A close keeps every confirmation of every correction: count only the current correction's. */
interface CloseLite {
  correction: number;
  confirmations: { id: string; kind: 'post' | 'reversal'; reverses: string | null; correction: number }[];
}
interface ShiftItem {
  date: string;
  code: string;
  start: number;
  end: number;
  state: string;
}

export interface EverydayResult {
  line: string;
  pass: boolean;
  rounds: number;
  internal: number;
  noAnswer: number;
  unexpected: string[];
  errorLogLines: string[];
  erp: { confirmations: number; posted: number; cancelled: number; holds: number; released: number; duplicates: number };
  expected: { posts: number; reversed: number; holds: number; released: number; cases: number };
  cmms: { incidents: number; duplicates: number };
  coreUp: boolean;
}

/** Plant-local HH:MM of an instant. */
const hhmm = (ms: number): string => new Intl.DateTimeFormat('en-GB', { timeZone: PLANT_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

/** 10-minute shifts every day from just before now to well after the run ends. */
function shortShifts(runMs: number): { name: string; start: string; end: string; days: string[] }[] {
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const first = Math.floor(Date.now() / (SHIFT_MIN * MIN)) * SHIFT_MIN * MIN - SHIFT_MIN * MIN;
  const n = Math.min(140, Math.ceil((runMs + 40 * MIN) / (SHIFT_MIN * MIN)));
  const seen = new Set<string>();
  const shifts = [];
  for (let k = 0; k < n; k++) {
    const s = first + k * SHIFT_MIN * MIN;
    const start = hhmm(s);
    if (seen.has(start)) continue; // a DST fold
    seen.add(start);
    shifts.push({ name: `E${start.replace(':', '')}`, start, end: hhmm(s + SHIFT_MIN * MIN), days: everyDay });
  }
  return shifts;
}

/** Serve's process id, found by its data folder (startServe does not hand it out). */
function servePid(dataDir: string): number | null {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.endsWith('scripts/serve.ts')) && cmd.includes(dataDir)) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}
const rssKb = (pid: number | null): { rss: number; hwm: number } | null => {
  if (pid === null) return null;
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) };
  } catch {
    return null;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runEveryday(o: { minutes: number; roundMs?: number; log?: (s: string) => void }): Promise<EverydayResult> {
  const runMs = o.minutes * MIN;
  const roundMs = o.roundMs ?? 45_000;
  const log = o.log ?? (() => {});
  const tmp = makeTempDir('plant-console-everyday-');
  let plant: DemoPlant | undefined;
  let erp: Awaited<ReturnType<typeof startRestErpSandbox>> | undefined;
  let cmms: Awaited<ReturnType<typeof startServiceNowSandbox>> | undefined;
  let serve: ServeProcess | undefined;
  const tally = new Tally();
  try {
    plant = await startDemoPlant({ port: 0, autoTick: true, tickMs: 1000 });
    erp = await startRestErpSandbox();
    cmms = await startServiceNowSandbox();
    const cfg = readDemoPlantConfig() as Record<string, unknown> & { controllers: { endpoint: string }[]; cmms: Record<string, unknown> };
    cfg.controllers[0]!.endpoint = plant.endpointUrl;
    cfg.shiftCalendar = { shifts: shortShifts(runMs), holidays: [] };
    cfg.erp = { kind: 'rest', baseUrl: erp.url, plant: '1710', credentialsSecret: 'erp', timeoutSec: 2, settleSec: 1, workCenters: { L1: 'LINE01', L2: 'LINE02', L3: 'LINE03' } };
    cfg.cmms = { ...cfg.cmms, baseUrl: cmms.url, credentialsSecret: 'cmms', pollSec: 30 };
    const configPath = path.join(tmp.dir, 'plant.json');
    fs.writeFileSync(configPath, JSON.stringify(cfg));
    serve = await startServe(120_000, {
      args: ['--config', configPath],
      prepareDataDir(dir) {
        fs.writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ erp: 'demo-key', cmms: 'console:demo' }), { mode: 0o600 });
      },
    });
    const started = Date.now();
    const pid = servePid(serve.dataDir);
    let maxRssKb = 0;
    let hwmKb = 0;
    const sampleRss = () => {
      const r = rssKb(pid);
      if (r) {
        maxRssKb = Math.max(maxRssKb, r.rss);
        hwmKb = Math.max(hwmKb, r.hwm);
      }
    };
    sampleRss();
    const rssAtStartKb = maxRssKb;
    const url = serve.url;

    // What the console confirmed, placed, released and raised (from its answers), to compare with the sandboxes.
    const exp = { posts: 0, reversed: 0, holds: 0, released: 0, cases: 0, casesAdded: 0 };
    const closedShifts: string[] = [];
    let reversals = 0;
    const split = new Set<number>();
    let shelvedId: number | null = null;

    const signedIn = async (p: Person): Promise<ScreenSession | null> => {
      const s = await ScreenSession.open(url, tally);
      const a = await s.invoke<{ signedIn: boolean; actor: { displayName?: string } }>('auth.signIn', { method: 'badge', badgeId: p.badgeId, pin: p.pin });
      if (!a.ok || !a.value.signedIn) {
        tally.note(`sign-in ${p.name}: ${a.ok ? 'not signed in' : `${a.error.code} ${a.error.message}`}`);
        s.close();
        return null;
      }
      tally.count('signIn');
      return s;
    };
    const signOut = async (s: ScreenSession) => {
      await s.must('signOut', 'auth.signOut', {});
      s.close();
    };

    // ---- the wall board: watches everything, may change nothing ----
    const viewerRound = async (round: number) => {
      const s = await signedIn(PEOPLE.viewer);
      if (!s) return;
      await s.must('read', 'alerts.list', {});
      await s.must('read', 'holds.list', {});
      await s.must('read', 'cases.list', {});
      await s.must('read', 'shift.list', {});
      const alerts = await s.invoke<{ alerts: AlertLite[] }>('alerts.list', {});
      const any = alerts.ok ? alerts.value.alerts[0] : undefined;
      if (any) await s.refused('viewerRefused', 'alerts.acknowledge', { ids: [any.id] }, [], ['FORBIDDEN']);
      if (round % 2 === 0) await s.refused('viewerRefused', 'holds.place', { scope: { kind: 'line', lineId: 'L1', from: Date.now() - MIN }, reason: 'not mine to place', defectCategory: 'other' }, [], ['FORBIDDEN']);
      await signOut(s);
    };

    // ---- the maintenance planner: triage ----
    const plannerRound = async (round: number) => {
      const s = await signedIn(PEOPLE.planner);
      if (!s) return;
      const list = await s.must<{ alerts: AlertLite[] }>('read', 'alerts.list', {});
      const alerts = list?.alerts ?? [];
      const unacked = alerts.filter((a) => !a.acked).map((a) => a.id);
      if (unacked.length) await s.must('acknowledge', 'alerts.acknowledge', { ids: unacked.slice(0, 500) });
      const open = alerts.filter((a) => !a.shelving && !a.dismissed);
      // Shelve one for a while (1–15 min), with a reason in several scripts; the reason is kept whole.
      const toShelve = open.find((a) => a.id !== shelvedId);
      if (toShelve) {
        const reason = `${uni(round)} #${round}`;
        const minutes = [1, 2, 5, 15][round % 4]!;
        const v = await s.must<AlertLite>('shelveTimed', 'alerts.shelve', { id: toShelve.id, kind: 'timed', minutes, reason });
        if (v) {
          shelvedId = toShelve.id;
          const got = await s.invoke<{ events: { note: string }[] }>('alerts.get', { id: toShelve.id });
          if (!got.ok || !got.value.events.some((e) => e.note.endsWith(reason))) tally.note(`shelve reason not stored whole on alert ${toShelve.id}: ${JSON.stringify(reason)}`);
          else tally.count('unicodeKept');
        }
        await s.refused('shelveRefused', 'alerts.shelve', { id: toShelve.id, kind: 'timed', minutes: 0, reason: 'zero minutes' }, [/Minutes/]);
      } else if (shelvedId !== null && round % 3 === 0) {
        await s.must('unshelve', 'alerts.unshelve', { id: shelvedId });
        shelvedId = null;
      }
      // Assign one to a person whose name is not ASCII; the name comes back whole.
      const toAssign = open.find((a) => a.id !== toShelve?.id);
      if (toAssign) {
        const assignee = `Zoë Ångström-Øster 🔧 ${round}`;
        const v = await s.must<AlertLite>('assign', 'alerts.assign', { id: toAssign.id, assignee });
        if (v && v.assignedTo !== assignee) tally.note(`assignee not stored whole: ${JSON.stringify(v.assignedTo)} for ${JSON.stringify(assignee)}`);
      }
      // Raise a case on an alert without one (or add to the asset's open case); an over-long note is refused naming the limit.
      const toRaise = alerts.find((a) => !a.caseId && !a.dismissed && a.lineId);
      if (toRaise) {
        await s.refused('caseRefused', 'cases.raise', { alertId: toRaise.id, note: 'x'.repeat(2001) }, [/Note/, /2000/]);
        const r = await s.must<{ caseId: string; mode: 'created' | 'added' }>('raiseCase', 'cases.raise', { alertId: toRaise.id, note: `${uni(round + 1)} – raised in round ${round}` });
        if (r?.mode === 'created') exp.cases++;
        else if (r) exp.casesAdded++;
      }
      await s.must('read', 'cases.list', {});
      await signOut(s);
    };

    // ---- the shift supervisor: code and split stops, close the shift that ended ----
    const supervisorRound = async (round: number) => {
      const s = await signedIn(PEOPLE.supervisor);
      if (!s) return;
      for (const lineId of ['L1', 'L2', 'L3']) {
        const reasons = await s.must<{ leaves: { code: string; planned: boolean }[] }>('read', 'downtime.reasons', { lineId });
        const leaves = (reasons?.leaves ?? []).filter((l) => !l.planned);
        const list = await s.must<{ events: EventLite[] }>('read', 'downtime.list', { lineId, shift: 'current' });
        const closed = (list?.events ?? []).filter((e) => e.endAt !== null && !e.micro && !e.noData);
        // Split a long stop once, in the middle (a split at a moment outside it is refused).
        const long = closed.find((e) => e.durationMs >= 10_000 && !split.has(e.id));
        if (long) {
          await s.refused('splitRefused', 'downtime.split', { eventId: long.id, at: long.startAt - 5 * MIN }, [], ['BAD_REQUEST', 'CONFLICT']);
          const at = long.startAt + Math.floor(long.durationMs / 2);
          const r = await s.must<{ first: EventLite; second: EventLite }>('split', 'downtime.split', { eventId: long.id, at, expectedRevision: long.revision });
          if (r) split.add(r.first.id).add(r.second.id);
        }
        const again = long ? await s.must<{ events: EventLite[] }>('read', 'downtime.list', { lineId, shift: 'current' }) : list;
        const uncoded = (again?.events ?? []).filter((e) => e.endAt !== null && !e.micro && !e.noData && e.reasonCode === null);
        for (const [i, e] of uncoded.slice(0, 4).entries()) {
          const leaf = leaves[(round + i) % Math.max(1, leaves.length)];
          if (!leaf) break;
          const coded = await s.must<EventLite>('setReason', 'downtime.setReason', { eventId: e.id, reasonCode: leaf.code, expectedRevision: e.revision });
          if (coded && i === 0) {
            const text = `${uni(round + 2)} (${lineId})`;
            const noted = await s.must<EventLite>('addNote', 'downtime.addNote', { eventId: e.id, text, expectedRevision: coded.revision });
            if (noted && !noted.notes.some((n) => n.text === text)) tally.note(`downtime note not stored whole: ${JSON.stringify(text)}`);
            else if (noted) tally.count('unicodeKept');
          }
        }
      }
      // Close every shift that has ended since serve started, oldest first; reverse and re-confirm the 1st, 3rd, 5th ….
      const shifts = await s.must<{ shifts: ShiftItem[] }>('read', 'shift.list', {});
      const due = (shifts?.shifts ?? []).filter((x) => x.state === 'ended-unclosed' && x.end > started && !closedShifts.includes(`${x.date}/${x.code}`)).sort((a, b) => a.start - b.start);
      for (const x of due) {
        const ok = await closeShift(s, x.date, x.code);
        if (!ok) continue;
        closedShifts.push(`${x.date}/${x.code}`);
        if (closedShifts.length % 2 === 1) {
          const rev = await s.must<CloseLite>('reverseClose', 'shift.reverseClose', { date: x.date, code: x.code, reason: `Zählung korrigiert – ${uni(round)}` });
          if (rev) {
            reversals++;
            exp.reversed += rev.confirmations.filter((c) => c.kind === 'reversal' && c.correction === rev.correction).length;
            await closeShift(s, x.date, x.code);
          }
        }
      }
      await signOut(s);
    };
    const closeShift = async (s: ScreenSession, date: string, code: string): Promise<boolean> => {
      const draft = await s.must<DraftLite>('read', 'shift.draft', { date, code });
      if (!draft) return false;
      const lines = draft.lines.flatMap((l) => l.orders.filter((x) => x.countedGood + x.countedReject > 0).map((x) => ({ lineId: l.lineId, erpOrderId: x.erpOrderId, operationId: x.operationId, good: x.countedGood, reject: x.countedReject })));
      const uncoded = draft.lines.some((l) => l.uncodedDowntimeMin > 0);
      const zero = draft.recorded.good + draft.recorded.reject === 0 || lines.length === 0;
      const closed = await s.must<CloseLite>('shiftConfirm', 'shift.confirm', {
        date,
        code,
        lines,
        ...(uncoded ? { overrideReason: 'Kurze Stopps auf Papier notiert 📝' } : {}),
        acknowledgeNotEnded: false,
        acknowledgeZeroProduction: zero,
      });
      if (!closed) return false;
      exp.posts += closed.confirmations.filter((c) => c.kind === 'post' && c.correction === closed.correction).length;
      return true;
    };

    // ---- the quality lead: holds, released with a second person ----
    const qualityRound = async (round: number) => {
      const s = await signedIn(PEOPLE.quality);
      if (!s) return;
      const now = Date.now();
      const lineId = `L${(round % 3) + 1}`;
      await s.refused('lotRefused', 'holds.place', { scope: { kind: 'lot', lot: 'LOT-2026-1206-A', lineId, from: now - 5 * MIN, to: now }, reason: 'Caps not torqued', defectCategory: 'sealing' }, [/Lot number/, /10/]);
      const kinds = ['window', 'lot', 'line', 'order'] as const;
      const kind = kinds[round % kinds.length]!;
      let scope: unknown;
      if (kind === 'window') scope = { kind, lineId, from: now - 5 * MIN, to: now };
      else if (kind === 'lot') scope = { kind, lot: `LT${String(round).padStart(4, '0')}-A`, lineId, from: now - 5 * MIN, to: now };
      else if (kind === 'line') scope = { kind, lineId, from: now - MIN };
      else {
        const d = await s.must<DraftLite>('read', 'shift.draft', {});
        const order = d?.lines.flatMap((l) => l.orders)[0]?.erpOrderId;
        scope = order ? { kind, erpOrderId: order } : { kind: 'window', lineId, from: now - 5 * MIN, to: now };
      }
      const note = `${uni(round + 3)} · Station ${round}`;
      const placed = await s.must<HoldLite>('holdPlace', 'holds.place', { scope, reason: `Torque out of spec – round ${round}`, defectCategory: 'sealing', note });
      if (placed) {
        exp.holds++;
        if (placed.note !== note) tally.note(`hold note not stored whole: ${JSON.stringify(placed.note)} for ${JSON.stringify(note)}`);
        else tally.count('unicodeKept');
      }
      // Release the holds of earlier rounds: alone is refused, with the administrator as second person it works.
      const list = await s.must<{ holds: HoldLite[] }>('read', 'holds.list', { includeReleased: false });
      for (const h of (list?.holds ?? []).filter((x) => x.status === 'active' && x.id !== placed?.id)) {
        await s.refused('releaseAloneRefused', 'holds.release', { holdId: h.id, reason: 'Re-inspected, all good', expectedRevision: h.revision }, [], ['BAD_REQUEST', 'FORBIDDEN', 'CONFLICT']);
        const fresh = await s.invoke<{ holds: HoldLite[] }>('holds.list', { includeReleased: false });
        const rev = fresh.ok ? (fresh.value.holds.find((x) => x.id === h.id)?.revision ?? h.revision) : h.revision;
        const r = await s.must<HoldLite>('holdRelease', 'holds.release', { holdId: h.id, reason: `Nachprüfung ok ✅ (${round})`, expectedRevision: rev, confirmer: { method: 'badge', badgeId: PEOPLE.admin.badgeId, pin: PEOPLE.admin.pin } });
        if (r) exp.released++;
      }
      await signOut(s);
    };

    // ---- the administrator: looks at people and the console's health ----
    const adminRound = async () => {
      const s = await signedIn(PEOPLE.admin);
      if (!s) return;
      await s.must('read', 'users.list', {});
      await s.must('read', 'system.health', {});
      await s.must('read', 'auth.settings', {});
      await signOut(s);
    };

    let round = 0;
    while (Date.now() - started < runMs) {
      const roundStart = Date.now();
      round++;
      // The plant: a line faults now and then (besides the simulator's own stops), so alerts and stops keep coming.
      plant.injectFault((round % 3) + 1, 30 + (round % 4) * 15);
      await viewerRound(round);
      await plannerRound(round);
      await supervisorRound(round);
      await qualityRound(round);
      await adminRound();
      sampleRss();
      log(`round ${round} at ${Math.round((Date.now() - started) / 1000)} s: invokes=${tally.invokes} failures=${JSON.stringify(Object.fromEntries(tally.failuresByCode))} rss_mb=${(maxRssKb / 1024).toFixed(0)}`);
      const left = Math.min(roundMs - (Date.now() - roundStart), runMs - (Date.now() - started));
      if (left > 0) await sleep(left);
    }

    // The outbox drains: wait until the sandboxes hold what the console sent (or a generous limit passes).
    type Conf = { id: string; status: string };
    type RHold = { holdId: string; status: string };
    type Inc = { correlation_id?: string; correlationId?: string; reference?: string; id?: string };
    const erpConfs = () => erp!.admin.records('confirmations') as Conf[];
    const erpHolds = () => erp!.admin.records('holds') as RHold[];
    const incidents = () => cmms!.admin.records('cases') as Inc[];
    const settled = () => erpConfs().length === exp.posts && erpConfs().filter((c) => c.status === 'cancelled').length === exp.reversed && erpHolds().length === exp.holds && erpHolds().filter((h) => h.status === 'released').length === exp.released && incidents().length === exp.cases;
    const drainUntil = Date.now() + 180_000;
    while (!settled() && Date.now() < drainUntil) await sleep(1_000);
    sampleRss();

    // The core is up and answers; serve's process is alive.
    const probe = await ScreenSession.open(url, tally).catch(() => null);
    const alive = probe ? await probe.invoke('auth.session', {}) : null;
    probe?.close();
    const coreUp = !!alive?.ok && pid !== null && fs.existsSync(`/proc/${pid}`);

    // No error-level line in serve's log (JSON lines, pino levels: 50 error, 60 fatal) nor on its stderr/stdout.
    const logFile = path.join(serve.dataDir, 'logs', 'console.log');
    const logLines = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
    const warnLines = logLines.filter((l) => /"level":40\b/.test(l)).length;
    const errorLogLines = logLines.filter((l) => {
      try {
        const j = JSON.parse(l) as { level?: number | string };
        return typeof j.level === 'number' ? j.level >= 50 : j.level === 'error' || j.level === 'fatal';
      } catch {
        return /\b(error|fatal)\b/i.test(l);
      }
    });
    for (const l of serve.output().split('\n')) if (/"level":(5\d|6\d)|\bUncaught\b|\bSqliteError\b|\bTypeError\b|\bRangeError\b/.test(l) && !errorLogLines.includes(l)) errorLogLines.push(l);

    const confs = erpConfs();
    const holds = erpHolds();
    const incs = incidents();
    const dupe = <T>(xs: T[], key: (x: T) => string | undefined) => xs.length - new Set(xs.map(key)).size;
    const erpDup = dupe(confs, (c) => c.id) + dupe(holds, (h) => h.holdId);
    const cmmsDup = dupe(incs, (i) => i.correlation_id ?? i.correlationId ?? i.reference ?? i.id);
    const internal = tally.failuresByCode.get('INTERNAL') ?? 0;
    const noAnswer = tally.failuresByCode.get('NO_ANSWER') ?? 0;
    const erpFig = { confirmations: confs.length, posted: confs.filter((c) => c.status === 'posted').length, cancelled: confs.filter((c) => c.status === 'cancelled').length, holds: holds.length, released: holds.filter((h) => h.status === 'released').length, duplicates: erpDup };
    const pass =
      coreUp &&
      fs.existsSync(logFile) &&
      internal === 0 &&
      noAnswer === 0 &&
      tally.unexpected.length === 0 &&
      errorLogLines.length === 0 &&
      tally.refusalsGot === tally.refusalsExpected &&
      settled() &&
      erpDup === 0 &&
      cmmsDup === 0;
    const actions = [...tally.actions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' ');
    const failures = [...tally.failuresByCode.entries()].map(([k, v]) => `${k}:${v}`).join(',') || 'none';
    const line =
      `Teveryday: minutes=${o.minutes} rounds=${round} shifts_closed=${closedShifts.length} shifts_reversed=${reversals} invokes=${tally.invokes} ${actions} ; ` +
      `refusals expected=${tally.refusalsExpected} got=${tally.refusalsGot} ; failures_by_code=${failures} internal=${internal} no_answer=${noAnswer} unexpected=${tally.unexpected.length} ; ` +
      `erp_confirmations=${erpFig.confirmations} (expected ${exp.posts}) cancelled=${erpFig.cancelled} (expected ${exp.reversed}) erp_holds=${erpFig.holds} (expected ${exp.holds}) released=${erpFig.released} (expected ${exp.released}) erp_duplicates=${erpDup} ; ` +
      `cmms_incidents=${incs.length} (expected ${exp.cases}, ${exp.casesAdded} added to open cases) cmms_duplicates=${cmmsDup} ; ` +
      `core_up=${coreUp} log_lines=${logLines.length} warn_lines=${warnLines} error_log_lines=${errorLogLines.length} serve_rss_mb start=${(rssAtStartKb / 1024).toFixed(0)} max=${(maxRssKb / 1024).toFixed(0)} hwm=${(hwmKb / 1024).toFixed(0)} ${pass ? 'PASS' : 'FAIL'}`;
    return {
      line,
      pass,
      rounds: round,
      internal,
      noAnswer,
      unexpected: tally.unexpected,
      errorLogLines: errorLogLines.slice(0, 20),
      erp: erpFig,
      expected: { posts: exp.posts, reversed: exp.reversed, holds: exp.holds, released: exp.released, cases: exp.cases },
      cmms: { incidents: incs.length, duplicates: cmmsDup },
      coreUp,
    };
  } finally {
    await serve?.stop();
    await cmms?.close();
    await erp?.close();
    await plant?.stop();
    tmp.cleanup();
  }
}
