import { useState } from 'react';
import type { DowntimeEvent } from '../../../shared/domain/downtime.ts';
import { useFormat, useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { addNote, setReason, splitEvent, useDowntimeBusy, useDowntimeList, useDowntimeMessage, useReasons } from '../../stores/downtimeStore.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { splitTimeFromInput } from './splitTime.ts';

type Editing = { readonly eventId: number; readonly mode: 'reason' | 'split' | 'note' } | null;

/** The shift's stops, newest first: uncoded ones marked and counted, micro-stops grouped in one row. */
export function DowntimePanel({ lineId, timeZone, now }: { readonly lineId: string; readonly timeZone?: string; readonly now: number }) {
  const list = useDowntimeList(lineId);
  const may = useMay(['supervisor']);
  const message = useDowntimeMessage();
  const [editing, setEditing] = useState<Editing>(null);
  const t = useT('downtime');
  const f = useFormat();
  if (!list) return <section className="panel">{t('loading')}</section>;
  const shown = list.events.filter((e) => !e.micro).reverse();
  return (
    <section className="panel downtime" aria-label={t('aria')} data-testid="downtime-panel">
      <div className="panel__head">
        <h2 className="panel__title">{t('title')}</h2>
        {list.uncodedCount > 0 ? (
          <span className="uncoded-count" data-testid="uncoded-count">
            {t('notCodedCount', { n: f.count(list.uncodedCount) })}
          </span>
        ) : (
          <span className="muted" data-testid="uncoded-count">
            {t('allCoded')}
          </span>
        )}
      </div>
      {!may ? <p className="muted">{t('signIn')}</p> : null}
      {/* An answer about a stop is shown in that stop's row; here only when that row is no longer on screen. */}
      {message && (message.eventId === undefined || !shown.some((e) => e.id === message.eventId)) ? <DowntimeAnswer /> : null}
      <ul className="downtime__list">
        {list.micro.count > 0 ? (
          <li className="downtime__row downtime__row--micro" data-testid="micro-stops">
            <span className="downtime__state">{t('micro', { n: list.micro.count })}</span>
            <span className="downtime__duration">{t('microTotal', { duration: f.duration(list.micro.totalMs) })}</span>
            <span className="muted">{t('microNote')}</span>
          </li>
        ) : null}
        {shown.map((e) => (
          <EventRow key={e.id} event={e} lineId={lineId} timeZone={timeZone} now={now} may={may} editing={editing?.eventId === e.id ? editing.mode : null} setEditing={setEditing} />
        ))}
      </ul>
    </section>
  );
}

interface RowProps {
  readonly event: DowntimeEvent;
  readonly lineId: string;
  readonly timeZone?: string;
  readonly now: number;
  readonly may: boolean;
  readonly editing: 'reason' | 'split' | 'note' | null;
  readonly setEditing: (e: Editing) => void;
}

function DowntimeAnswer() {
  const message = useDowntimeMessage();
  const t = useT('downtime');
  const tm = useTMessage();
  if (!message) return null;
  return (
    <p className={`form-answer ${message.ok ? 'command-ok' : 'command-error'}`} role={message.ok ? 'status' : 'alert'} data-testid="downtime-message">
      {answerText(message, t, tm)}
    </p>
  );
}

function EventRow({ event: e, lineId, timeZone, now, may, editing, setEditing }: RowProps) {
  const message = useDowntimeMessage();
  const uncoded = e.reasonCode === null && !e.noData;
  const end = e.endAt ?? now;
  const toggle = (mode: 'reason' | 'split' | 'note') => setEditing(editing === mode ? null : { eventId: e.id, mode });
  const t = useT('downtime');
  const f = useFormat();
  return (
    <li className={`downtime__row${uncoded ? ' is-uncoded' : ''}${e.noData ? ' is-no-data' : ''}`} data-testid={`downtime-event-${e.id}`} data-uncoded={uncoded ? 'true' : 'false'}>
      <span className="downtime__time">
        {f.clock(e.startAt)}
        {e.endAt === null ? t('untilNow') : ` – ${f.clock(e.endAt)}`}
      </span>
      <span className="downtime__state">{e.noData ? t('noData') : t(`common:machineStates.${e.state}`)}</span>
      <span className="downtime__duration">{f.duration(end - e.startAt)}</span>
      <span className="downtime__reason" data-testid={`downtime-reason-${e.id}`}>
        {e.reasonLabel ?? (e.noData ? '—' : t('notCoded'))}
        {e.planned ? <span className="muted">{t('planned')}</span> : null}
      </span>
      <span className="downtime__actions">
        <button type="button" className="button" disabled={!may} onClick={() => toggle('reason')} aria-expanded={editing === 'reason'} data-testid={`code-${e.id}`}>
          {e.reasonCode ? t('recode') : t('code')}
        </button>
        <button type="button" className="button" disabled={!may} onClick={() => toggle('split')} aria-expanded={editing === 'split'} data-testid={`split-${e.id}`}>
          {t('split')}
        </button>
        <button type="button" className="button" disabled={!may} onClick={() => toggle('note')} aria-expanded={editing === 'note'} data-testid={`note-${e.id}`}>
          {t('note')}
        </button>
      </span>
      {e.notes.length > 0 ? (
        <ul className="downtime__notes">
          {e.notes.map((n) => (
            <li key={`${n.at}-${n.text}`}>
              {f.clock(n.at)} {n.by}: {n.text}
            </li>
          ))}
        </ul>
      ) : null}
      {message?.eventId === e.id ? <DowntimeAnswer /> : null}
      {editing === 'reason' ? <ReasonPicker event={e} lineId={lineId} done={() => setEditing(null)} /> : null}
      {editing === 'split' ? <SplitForm event={e} lineId={lineId} timeZone={timeZone} now={now} done={() => setEditing(null)} /> : null}
      {editing === 'note' ? <NoteForm event={e} lineId={lineId} done={() => setEditing(null)} /> : null}
    </li>
  );
}

function ReasonPicker({ event, lineId, done }: { readonly event: DowntimeEvent; readonly lineId: string; readonly done: () => void }) {
  const leaves = useReasons(lineId) ?? [];
  const busy = useDowntimeBusy();
  const t = useT('downtime');
  const groups = new Map<string, typeof leaves>();
  for (const l of leaves) {
    const group = l.path.split(' › ').slice(0, -1).join(' › ');
    groups.set(group, [...(groups.get(group) ?? []), l]);
  }
  return (
    <div className="reason-picker" role="group" aria-label={t('pickReason')} data-testid={`reason-picker-${event.id}`}>
      {[...groups].map(([group, items]) => (
        <fieldset key={group} className="reason-picker__group">
          <legend>{group}</legend>
          {items.map((l) => (
            <button
              key={l.code}
              type="button"
              className={`button reason-picker__leaf${l.code === event.reasonCode ? ' is-current' : ''}`}
              disabled={busy}
              data-testid={`reason-${l.code}`}
              onClick={async () => {
                if (await setReason(lineId, event.id, l.code, event.revision)) done();
              }}
            >
              {l.label}
            </button>
          ))}
        </fieldset>
      ))}
    </div>
  );
}

function SplitForm({ event, lineId, timeZone, now, done }: { readonly event: DowntimeEvent; readonly lineId: string; readonly timeZone?: string; readonly now: number; readonly done: () => void }) {
  const end = event.endAt ?? now;
  const f = useFormat();
  const t = useT('downtime');
  const [text, setText] = useState(f.clock(Math.round((event.startAt + end) / 2)));
  const busy = useDowntimeBusy();
  const at = splitTimeFromInput(text, event.startAt, end, timeZone);
  return (
    <form
      className="inline-form"
      data-testid={`split-form-${event.id}`}
      onSubmit={async (ev) => {
        ev.preventDefault();
        if (at !== null && (await splitEvent(lineId, event.id, at, event.revision))) done();
      }}
    >
      <label>
        {t('splitAt')}
        <input className="input" value={text} onChange={(ev) => setText(ev.target.value)} data-testid={`split-at-${event.id}`} inputMode="numeric" />
      </label>
      {at === null ? <span className="command-error">{t('splitOutside')}</span> : null}
      <button type="submit" className="button button--primary" disabled={busy || at === null} data-testid={`split-confirm-${event.id}`}>
        {t('splitHere')}
      </button>
    </form>
  );
}

function NoteForm({ event, lineId, done }: { readonly event: DowntimeEvent; readonly lineId: string; readonly done: () => void }) {
  const [text, setText] = useState('');
  const busy = useDowntimeBusy();
  const t = useT('downtime');
  return (
    <form
      className="inline-form"
      onSubmit={async (ev) => {
        ev.preventDefault();
        if (typedOk(FIELD_LIMITS.downtimeNote, text, 1) && (await addNote(lineId, event.id, text))) done();
      }}
    >
      <LimitedField limit={FIELD_LIMITS.downtimeNote} value={text} onChange={setText} testId={`note-text-${event.id}`} />
      <button type="submit" className="button button--primary" disabled={busy || !typedOk(FIELD_LIMITS.downtimeNote, text, 1)} data-testid={`note-save-${event.id}`}>
        {t('addNote')}
      </button>
    </form>
  );
}
