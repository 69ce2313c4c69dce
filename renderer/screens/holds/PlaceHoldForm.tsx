import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { DEFECT_CATEGORIES, type DefectCategory } from '../../../shared/domain/hold.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useFormat, useLang, useT } from '../../i18n/index.tsx';
import { placeHold, previewHold, useHoldsUi } from '../../stores/holdsStore.ts';
import { linesStore, useLineIds } from '../../stores/linesStore.ts';
import { useTimeZone } from '../../stores/systemStore.ts';
import { type HoldFormInput, type HoldKind, rangeFromLast, scopeOf, type WindowMode } from './holdFormModel.ts';
import { HoldsAnswerLine } from './HoldsAnswerLine.tsx';
import { WindowFields } from './WindowFields.tsx';

type Kind = HoldKind;
const KINDS: readonly Kind[] = ['window', 'line', 'order', 'lot'];

/** Placing a hold: what, why, and what it covers (computed by the core from its production records). */
export function PlaceHoldForm() {
  const t = useT('holds');
  const f = useFormat();
  const lang = useLang();
  const ui = useHoldsUi();
  const lineIds = useLineIds();
  const timeZone = useTimeZone();
  const [kind, setKind] = useState<Kind>('window');
  const [lineId, setLineId] = useState('');
  const [mode, setMode] = useState<WindowMode>('last');
  const [minutes, setMinutes] = useState(30);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [orderId, setOrderId] = useState('');
  const [lot, setLot] = useState('');
  const [reason, setReason] = useState('');
  const [defect, setDefect] = useState<DefectCategory>('other');
  const [note, setNote] = useState('');
  // "Last N minutes" ends when the form was last changed, so the preview and the hold cover the same minutes.
  const [stamp, setStamp] = useState(() => Date.now());
  const input = useMemo<HoldFormInput>(() => ({ kind, lineId, mode, minutes, fromText, toText, orderId, lot }), [kind, lineId, mode, minutes, fromText, toText, orderId, lot]);
  const scope = useMemo(() => scopeOf(input, stamp, timeZone, t, lang), [input, stamp, timeZone, t, lang]);
  useEffect(() => {
    if (typeof scope !== 'string') void previewHold(scope);
  }, [scope]);
  const touch = () => setStamp(Date.now());
  const nameOf = (id: string) => linesStore.getState().byId[id]?.name ?? id;
  const chooseMode = (m: WindowMode) => {
    const now = Date.now();
    // From/to starts as the window the quick choice showed, so switching changes nothing by itself.
    if (m === 'range' && mode === 'last') {
      const r = rangeFromLast(minutes, now, timeZone, lang);
      setFromText(r.fromText);
      setToText(r.toText);
    }
    setMode(m);
    setStamp(now);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fresh = scopeOf(input, Date.now(), timeZone, t, lang);
    if (typeof fresh === 'string') return;
    if (!typedOk(FIELD_LIMITS.holdReason, reason, 3) || !typedOk(FIELD_LIMITS.holdNote, note)) return;
    if (await placeHold({ scope: fresh, reason, defectCategory: defect, note })) {
      // A placed hold is done: the next one starts empty, not on the last hold's line, order or lot.
      setLineId('');
      setOrderId('');
      setLot('');
      setReason('');
      setNote('');
      setFromText('');
      setToText('');
      touch();
    }
  };

  return (
    <form className="panel hold-form" onSubmit={(e) => void submit(e)} data-testid="place-hold-form" aria-labelledby="place-hold-title">
      <h2 id="place-hold-title" className="panel__title">
        {t('form.title')}
      </h2>
      <fieldset className="hold-form__kinds">
        <legend>{t('form.what')}</legend>
        {KINDS.map((k) => (
          <label key={k} className={`hold-form__kind${kind === k ? ' is-current' : ''}`}>
            <input type="radio" name="hold-kind" value={k} checked={kind === k} onChange={() => (setKind(k), touch())} data-testid={`hold-kind-${k}`} />
            {t(`form.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="hold-form__row">
        <label>
          {kind === 'order' ? t('form.lineOptional') : t('form.line')}
          <select className="input hold-form__line" value={lineId} onChange={(e) => (setLineId(e.target.value), touch())} data-testid="hold-line">
            <option value="">{kind === 'order' ? t('form.anyLine') : t('form.pickLine')}</option>
            {lineIds.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'order' ? (
          <LimitedField limit={FIELD_LIMITS.erpOrderId} label={t('form.order')} inputClassName="input" value={orderId} onChange={(v) => (setOrderId(v), touch())} testId="hold-order" />
        ) : null}
        {kind === 'lot' ? (
          <LimitedField limit={FIELD_LIMITS.lot} label={t('form.lot')} inputClassName="input" value={lot} onChange={(v) => (setLot(v), touch())} testId="hold-lot" />
        ) : null}
      </div>
      {kind === 'window' || kind === 'lot' ? (
        <WindowFields
          mode={mode}
          minutes={minutes}
          fromText={fromText}
          toText={toText}
          timeZone={timeZone}
          scope={scope}
          onMode={chooseMode}
          onMinutes={(m) => (setMinutes(m), setMode('last'), touch())}
          onFrom={(t) => (setFromText(t), touch())}
          onTo={(t) => (setToText(t), touch())}
        />
      ) : null}
      <div className="hold-form__row">
        <label>
          {t('form.defect')}
          <select className="input input--wide" value={defect} onChange={(e) => setDefect(e.target.value as DefectCategory)} data-testid="hold-defect">
            {DEFECT_CATEGORIES.map((d) => (
              <option key={d} value={d}>
                {t(`defects.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <LimitedField limit={FIELD_LIMITS.holdReason} min={3} required value={reason} onChange={setReason} testId="hold-reason" />
      </div>
      <LimitedField className="hold-form__note" inputClassName="input hold-form__textarea" limit={FIELD_LIMITS.holdNote} rows={2} value={note} onChange={setNote} testId="hold-note" />
      <HoldsAnswerLine at="place" />
      <div className="hold-form__foot">
        <p className="hold-form__preview" role="status" data-testid="hold-preview">
          {typeof scope === 'string'
            ? scope
            : ui.previewError
              ? null
              : ui.preview
                ? `${t('form.covers', { good: f.count(ui.preview.qty.good), reject: f.count(ui.preview.qty.reject) })}${ui.preview.gap ? ` ${t('form.coversGap')}` : ''}; ${ui.preview.interlockTag ? t('form.setsInterlock') : t('form.noInterlock')}`
                : t('form.computing')}
        </p>
        {typeof scope !== 'string' && ui.previewError ? <ErrorNote error={ui.previewError} testId="hold-preview-error" /> : null}
        <button
          type="submit"
          className="button button--primary"
          disabled={ui.busy || typeof scope === 'string' || !typedOk(FIELD_LIMITS.holdReason, reason, 3) || !typedOk(FIELD_LIMITS.holdNote, note)}
          data-testid="hold-place"
        >
          {t('form.place')}
        </button>
      </div>
    </form>
  );
}
