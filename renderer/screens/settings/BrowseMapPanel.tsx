import { useState } from 'react';
import { MACHINE_STATE_LABELS, MachineState } from '../../../shared/domain/line.ts';
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

const SIGNAL_LABELS: Readonly<Record<Signal, string>> = {
  goodCount: 'Good count',
  rejectCount: 'Reject count',
  machineState: 'Machine state',
  speed: 'Speed',
  currentOrder: 'Current order / product',
  holdInterlock: 'Hold interlock (written by quality holds)',
};

/** Commissioning: browse a controller, map its variables to a line's signals and its state values to ours. */
export function BrowseMapPanel() {
  const s = useConnectivity();
  const [text, setText] = useState('');
  const [raw, setRaw] = useState('');
  const problems = selectDraftProblems(s);
  const controllers = s.controllers?.controllers ?? [];
  return (
    <div className="map-layout" data-testid="browse-map">
      <section className="panel">
        <div className="inline-form">
          <label>
            Controller
            <select className="input input--wide" value={s.controllerId ?? ''} onChange={(e) => chooseController(e.target.value)} data-testid="map-controller">
              {controllers.map((c) => (
                <option key={c.controllerId} value={c.controllerId}>{c.name}</option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={() => s.controllerId && chooseController(s.controllerId)}>Browse</button>
          <button type="button" className="button" disabled={s.busy} onClick={() => void propose()} data-testid="map-propose">Propose mapping</button>
        </div>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (typedOk(FIELD_LIMITS.searchText, text, 1)) void search(text); }}>
          <LimitedField limit={FIELD_LIMITS.searchText} label="Search names" inputClassName="input" value={text} onChange={setText} testId="map-search" />
          <button type="submit" className="button" disabled={!typedOk(FIELD_LIMITS.searchText, text, 1)}>Search</button>
        </form>
        {s.found ? (
          <ul className="found-list" data-testid="map-found">
            {s.found.length === 0 ? <li className="muted">Nothing found.</li> : null}
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
            <h3>Recognised machines</h3>
            {s.proposals.map((p) => (
              <div key={p.path.join('/')} className="proposal">
                <p>
                  <strong>{p.name}</strong> · {p.standard === 'packml' ? 'PackML' : 'OPC 40001 Machinery'} · {Object.keys(p.tags).length} signals
                </p>
                <ul>{p.notes.map((n) => <li key={n} className="muted">{n}</li>)}</ul>
                <button type="button" className="button" onClick={() => applyProposal(p)} data-testid="map-use-proposal" data-standard={p.standard}>Use this proposal</button>
              </div>
            ))}
          </div>
        ) : null}

        <h3>Selected</h3>
        {s.selected ? (
          <div data-testid="map-selected">
            <p className="mono">{s.selected.nodeRef}</p>
            <p>{s.selected.nodeClass}{s.selected.dataType ? ` · ${s.selected.dataType}` : ''}</p>
            {s.selected.nodeClass === 'Variable' ? (
              <div className="inline-form">
                {SIGNALS.map((sig) => (
                  <button key={sig} type="button" className="button" onClick={() => assignSignal(sig, s.selected!.nodeRef)} data-testid={`assign-${sig}`}>
                    Use as {SIGNAL_LABELS[sig].toLowerCase()}
                  </button>
                ))}
              </div>
            ) : <p className="muted">Choose a variable to map it.</p>}
          </div>
        ) : <p className="muted">Choose a node in the tree or the search results.</p>}

        <h3>Line mapping</h3>
        <div className="inline-form">
          <label>Line id<input className="input" value={s.draft.lineId} onChange={(e) => editDraft({ lineId: e.target.value })} data-testid="map-line-id" /></label>
          <LimitedField limit={FIELD_LIMITS.lineName} label="Name" value={s.draft.name} onChange={(name) => editDraft({ name })} testId="map-line-name" />
          <label>Target per min<input className="input" type="number" min={1} value={s.draft.targetRatePerMin} onChange={(e) => editDraft({ targetRatePerMin: Number(e.target.value) })} /></label>
        </div>
        <table className="data-table" data-testid="map-signals">
          <tbody>
            {SIGNALS.map((sig) => (
              <tr key={sig}>
                <th scope="row">{SIGNAL_LABELS[sig]}{sig === 'goodCount' || sig === 'machineState' ? ' *' : ''}</th>
                <td className="mono">{s.draft.tags[sig] ?? <span className="muted">not mapped</span>}</td>
                <td>{s.draft.tags[sig] ? <button type="button" className="button button--quiet" onClick={() => assignSignal(sig, null)}>Clear</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h3>State values</h3>
        <table className="data-table" data-testid="map-states">
          <tbody>
            {Object.entries(s.draft.stateMap).map(([code, state]) => (
              <tr key={code}>
                <th scope="row" className="mono">{code}</th>
                <td>
                  <select className="input state-select" value={state} onChange={(e) => mapStateValue(code, e.target.value as MachineState)} aria-label={`Console state for ${code}`}>
                    {MachineState.options.filter((o) => o !== 'unknown').map((o) => <option key={o} value={o}>{MACHINE_STATE_LABELS[o]}</option>)}
                  </select>
                </td>
                <td><button type="button" className="button button--quiet" onClick={() => mapStateValue(code, null)}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (raw.trim()) mapStateValue(raw.trim(), 'running'); setRaw(''); }}>
          <label>Controller value<input className="input" value={raw} onChange={(e) => setRaw(e.target.value)} /></label>
          <button type="submit" className="button">Add state value</button>
        </form>
        <p className="muted">Values the map does not list show as Unknown, never as Running.</p>

        {problems.length > 0 ? <ul className="muted" data-testid="map-problems">{problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
        <button type="button" className="button button--primary" disabled={s.busy || problems.length > 0} onClick={() => void saveMapping()} data-testid="map-save">
          Save to plant configuration
        </button>
      </section>
    </div>
  );
}

/** For tests: the draft as the screen holds it. */
export const draftOf = () => connectivityStore.getState().draft;
