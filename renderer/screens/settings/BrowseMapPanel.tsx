import { useState } from 'react';
import { MachineState } from '../../../shared/domain/line.ts';
import { useT } from '../../i18n/index.tsx';
import {
  applyProposal,
  assignSignal,
  chooseController,
  editDraft,
  mapStateValue,
  propose,
  saveMapping,
  search,
  selectDraftProblems,
  selectNode,
  SIGNALS,
  useConnectivity,
  type Signal,
} from '../../stores/connectivityStore.ts';
import { connectivityStore } from '../../stores/connectivityStore.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField, typedOk } from '../../components/LimitedField.tsx';
import { AddressTree } from './AddressTree.tsx';

/** Commissioning: browse a controller, map its variables to a line's signals and its state values to ours. */
export function BrowseMapPanel() {
  const s = useConnectivity();
  const [text, setText] = useState('');
  const [raw, setRaw] = useState('');
  const t = useT('settings');
  const problems = selectDraftProblems(s);
  const controllers = s.controllers?.controllers ?? [];
  return (
    <div className="map-layout" data-testid="browse-map">
      <section className="panel">
        <div className="inline-form">
          <label>
            {t('map.controller')}
            <select className="input input--wide" value={s.controllerId ?? ''} onChange={(e) => chooseController(e.target.value)} data-testid="map-controller">
              {controllers.map((c) => (
                <option key={c.controllerId} value={c.controllerId}>{c.name}</option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={() => s.controllerId && chooseController(s.controllerId)}>{t('map.browse')}</button>
          <button type="button" className="button" disabled={s.busy} onClick={() => void propose()} data-testid="map-propose">{t('map.propose')}</button>
        </div>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (typedOk(FIELD_LIMITS.searchText, text, 1)) void search(text); }}>
          <LimitedField limit={FIELD_LIMITS.searchText} label={t('common:fields.labels.searchText')} inputClassName="input" value={text} onChange={setText} testId="map-search" />
          <button type="submit" className="button" disabled={!typedOk(FIELD_LIMITS.searchText, text, 1)}>{t('map.search')}</button>
        </form>
        {s.found ? (
          <ul className="found-list" data-testid="map-found">
            {s.found.length === 0 ? <li className="muted">{t('map.nothingFound')}</li> : null}
            {s.found.map((f) => (
              <li key={f.nodeRef}>
                <button type="button" className="tree-label" onClick={() => selectNode(f)}>{f.path.join(' / ')}</button>
                {f.dataType ? <span className="muted"> · {f.dataType}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        <AddressTree />
      </section>

      <section className="panel">
        {s.proposals && s.proposals.length > 0 ? (
          <div data-testid="map-proposals">
            <h3>{t('map.recognised')}</h3>
            {s.proposals.map((p) => (
              <div key={p.path.join('/')} className="proposal">
                <p>
                  <strong>{p.name}</strong> · {t(p.standard === 'packml' ? 'map.standards.packml' : 'map.standards.machinery')} · {t('map.signalCount', { n: Object.keys(p.tags).length })}
                </p>
                <ul>{p.notes.map((n) => <li key={n} className="muted">{n}</li>)}</ul>
                <button type="button" className="button" onClick={() => applyProposal(p)} data-testid="map-use-proposal" data-standard={p.standard}>{t('map.useProposal')}</button>
              </div>
            ))}
          </div>
        ) : null}

        <h3>{t('map.selected')}</h3>
        {s.selected ? (
          <div data-testid="map-selected">
            <p className="mono">{s.selected.nodeRef}</p>
            <p>{s.selected.nodeClass}{s.selected.dataType ? ` · ${s.selected.dataType}` : ''}</p>
            {s.selected.nodeClass === 'Variable' ? (
              <div className="inline-form">
                {SIGNALS.map((sig) => (
                  <button key={sig} type="button" className="button" onClick={() => assignSignal(sig, s.selected!.nodeRef)} data-testid={`assign-${sig}`}>
                    {t('map.useAs', { signal: t(`map.signals.${sig}`) })}
                  </button>
                ))}
              </div>
            ) : <p className="muted">{t('map.chooseVariable')}</p>}
          </div>
        ) : <p className="muted">{t('map.chooseNode')}</p>}

        <h3>{t('map.lineMapping')}</h3>
        <div className="inline-form">
          <label>{t('map.lineId')}<input className="input" value={s.draft.lineId} onChange={(e) => editDraft({ lineId: e.target.value })} data-testid="map-line-id" /></label>
          <LimitedField limit={FIELD_LIMITS.lineName} label={t('common:fields.labels.lineName')} value={s.draft.name} onChange={(name) => editDraft({ name })} testId="map-line-name" />
          <label>{t('map.target')}<input className="input" type="number" min={1} value={s.draft.targetRatePerMin} onChange={(e) => editDraft({ targetRatePerMin: Number(e.target.value) })} /></label>
        </div>
        <table className="data-table" data-testid="map-signals">
          <tbody>
            {SIGNALS.map((sig) => (
              <tr key={sig}>
                <th scope="row">{sig === 'goodCount' || sig === 'machineState' ? t('map.required', { signal: t(`map.signals.${sig}`) }) : t(`map.signals.${sig}`)}</th>
                <td className="mono">{s.draft.tags[sig] ?? <span className="muted">{t('map.notMapped')}</span>}</td>
                <td>{s.draft.tags[sig] ? <button type="button" className="button button--quiet" onClick={() => assignSignal(sig, null)}>{t('map.clear')}</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h3>{t('map.stateValues')}</h3>
        <table className="data-table" data-testid="map-states">
          <tbody>
            {Object.entries(s.draft.stateMap).map(([code, state]) => (
              <tr key={code}>
                <th scope="row" className="mono">{code}</th>
                <td>
                  <select className="input state-select" value={state} onChange={(e) => mapStateValue(code, e.target.value as MachineState)} aria-label={t('map.consoleState', { code })}>
                    {MachineState.options.filter((o) => o !== 'unknown').map((o) => <option key={o} value={o}>{t(`common:machineStates.${o}`)}</option>)}
                  </select>
                </td>
                <td><button type="button" className="button button--quiet" onClick={() => mapStateValue(code, null)}>{t('map.remove')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (raw.trim()) mapStateValue(raw.trim(), 'running'); setRaw(''); }}>
          <label>{t('map.controllerValue')}<input className="input" value={raw} onChange={(e) => setRaw(e.target.value)} /></label>
          <button type="submit" className="button">{t('map.addState')}</button>
        </form>
        <p className="muted">{t('map.unlistedUnknown')}</p>

        {problems.length > 0 ? <ul className="muted" data-testid="map-problems">{problems.map((p) => <li key={p}>{t(p)}</li>)}</ul> : null}
        <button type="button" className="button button--primary" disabled={s.busy || problems.length > 0} onClick={() => void saveMapping()} data-testid="map-save">
          {t('map.save')}
        </button>
      </section>
    </div>
  );
}

/** For tests: the draft as the screen holds it. */
export const draftOf = () => connectivityStore.getState().draft;
