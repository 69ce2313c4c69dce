import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { DEFECT_CATEGORIES, DEFECT_LABELS, type DefectCategory, type HoldScope } from '../../../shared/domain/hold.ts';
import { formatCount } from '../../format/time.ts';
import { placeHold, previewHold, useHoldsUi } from '../../stores/holdsStore.ts';
import { linesStore, useLineIds } from '../../stores/linesStore.ts';

type Kind = HoldScope['kind'];
const KIND_LABELS: Readonly<Record<Kind, string>> = { window: 'Time window', line: 'Line from now on', order: 'Order', lot: 'Lot / batch' };
const MIN = 60_000;

/** The scope the form describes now, or the reason it cannot yet. */
function scopeOf(kind: Kind, lineId: string, minutes: number, orderId: string, lot: string, now: number): HoldScope | string {
  if ((kind === 'window' || kind === 'lot' || kind === 'line') && !lineId) return 'Pick a line';
  if ((kind === 'window' || kind === 'lot') && !(minutes > 0)) return 'Give the minutes to hold';
  if (kind === 'order' && !orderId.trim()) return 'Give the order number';
  if (kind === 'lot' && !lot.trim()) return 'Give the lot number';
  switch (kind) {
    case 'window':
      return { kind, lineId, from: now - minutes * MIN, to: now };
    case 'lot':
      return { kind, lot: lot.trim(), lineId, from: now - minutes * MIN, to: now };
    case 'line':
      return { kind, lineId, from: now };
    case 'order':
      return lineId ? { kind, erpOrderId: orderId.trim(), lineId } : { kind, erpOrderId: orderId.trim() };
  }
}

/** Placing a hold: what, why, and what it covers (computed by the core from its production records). */
export function PlaceHoldForm() {
  const ui = useHoldsUi();
  const lineIds = useLineIds();
  const [kind, setKind] = useState<Kind>('window');
  const [lineId, setLineId] = useState('');
  const [minutes, setMinutes] = useState(30);
  const [orderId, setOrderId] = useState('');
  const [lot, setLot] = useState('');
  const [reason, setReason] = useState('');
  const [defect, setDefect] = useState<DefectCategory>('other');
  const [note, setNote] = useState('');
  // The window ends when the form was last changed, so the preview and the hold cover the same minutes.
  const [stamp, setStamp] = useState(() => Date.now());
  const scope = useMemo(() => scopeOf(kind, lineId, minutes, orderId, lot, stamp), [kind, lineId, minutes, orderId, lot, stamp]);
  useEffect(() => {
    if (typeof scope !== 'string') void previewHold(scope);
  }, [scope]);
  const touch = () => setStamp(Date.now());
  const nameOf = (id: string) => linesStore.getState().byId[id]?.name ?? id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fresh = scopeOf(kind, lineId, minutes, orderId, lot, Date.now());
    if (typeof fresh === 'string') return;
    if (await placeHold({ scope: fresh, reason, defectCategory: defect, note })) {
      setReason('');
      setNote('');
      touch();
    }
  };

  return (
    <form className="panel hold-form" onSubmit={(e) => void submit(e)} data-testid="place-hold-form" aria-labelledby="place-hold-title">
      <h2 id="place-hold-title" className="panel__title">Place a hold</h2>
      <fieldset className="hold-form__kinds">
        <legend>What to hold</legend>
        {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
          <label key={k} className={`hold-form__kind${kind === k ? ' is-current' : ''}`}>
            <input type="radio" name="hold-kind" value={k} checked={kind === k} onChange={() => (setKind(k), touch())} data-testid={`hold-kind-${k}`} />
            {KIND_LABELS[k]}
          </label>
        ))}
      </fieldset>
      <div className="hold-form__row">
        <label>
          Line{kind === 'order' ? ' (optional)' : ''}
          <select className="input hold-form__line" value={lineId} onChange={(e) => (setLineId(e.target.value), touch())} data-testid="hold-line">
            <option value="">{kind === 'order' ? 'Any line' : 'Pick a line'}</option>
            {lineIds.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'window' || kind === 'lot' ? (
          <label>
            Last
            <input className="input input--num" type="number" min={1} max={44_640} value={minutes} onChange={(e) => (setMinutes(Number(e.target.value)), touch())} data-testid="hold-minutes" />
            minutes
          </label>
        ) : null}
        {kind === 'order' ? (
          <label>
            Order
            <input className="input" value={orderId} onChange={(e) => (setOrderId(e.target.value), touch())} data-testid="hold-order" />
          </label>
        ) : null}
        {kind === 'lot' ? (
          <label>
            Lot
            <input className="input" value={lot} maxLength={10} onChange={(e) => (setLot(e.target.value), touch())} data-testid="hold-lot" />
          </label>
        ) : null}
      </div>
      <div className="hold-form__row">
        <label>
          Defect
          <select className="input input--wide" value={defect} onChange={(e) => setDefect(e.target.value as DefectCategory)} data-testid="hold-defect">
            {DEFECT_CATEGORIES.map((d) => (
              <option key={d} value={d}>
                {DEFECT_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason
          <input className="input input--wide" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} required minLength={3} data-testid="hold-reason" />
        </label>
      </div>
      <label className="hold-form__note">
        Note
        <textarea className="input hold-form__textarea" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} rows={2} data-testid="hold-note" />
      </label>
      <div className="hold-form__foot">
        <p className="hold-form__preview" role="status" data-testid="hold-preview">
          {typeof scope === 'string'
            ? scope
            : ui.previewError
              ? ui.previewError
              : ui.preview
                ? `Covers ${formatCount(ui.preview.qty.good)} good and ${formatCount(ui.preview.qty.reject)} reject${ui.preview.gap ? ' (part counted across a link gap)' : ''}${ui.preview.interlockTag ? '; sets the line’s interlock' : '; no interlock mapped'}`
                : 'Computing…'}
        </p>
        <button type="submit" className="button button--primary" disabled={ui.busy || typeof scope === 'string'} data-testid="hold-place">
          Place hold
        </button>
      </div>
    </form>
  );
}
