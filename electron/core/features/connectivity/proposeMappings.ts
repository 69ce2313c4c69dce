import type { MappingProposal } from '../../../../shared/contract/domains/connectivity.ts';
import type { MachineState } from '../../../../shared/domain/line.ts';
import type { BrowsedNode } from '../../platform/opcua/opcuaTypes.ts';

/**
 * Recognises standard-shaped machines in a controller's address space and proposes a line mapping. Shapes are
 * matched by browse names (what vendors expose, with or without loading the companion nodesets):
 * - PackML (OMAC / ISA-TR88.00.02): <unit>/Status/StateCurrent, Admin/ProdProcessedCount, Admin/ProdDefectiveCount,
 *   Status/CurMachSpeed;
 * - OPC 40001 Machinery: <machine>/Monitoring/MachineryItemState/CurrentState and
 *   <machine>/OperationCounters/OperationCycleCounter.
 * Pure: the proposal is a suggestion an administrator edits and saves, never applied by itself.
 */

export type FoundNode = BrowsedNode & { path: string[] };

/** PackML state numbers → console states (TR88.00.02 state model). */
export const PACKML_STATE_MAP: Readonly<Record<string, MachineState>> = {
  '1': 'faulted', // Clearing
  '2': 'stopped', // Stopped
  '3': 'setup', // Starting
  '4': 'idle', // Idle
  '5': 'starved', // Suspended (upstream/downstream)
  '6': 'running', // Execute
  '7': 'stopped', // Stopping
  '8': 'faulted', // Aborting
  '9': 'faulted', // Aborted
  '10': 'stopped', // Holding
  '11': 'blocked', // Held (internal condition)
  '12': 'setup', // Unholding
  '13': 'starved', // Suspending
  '14': 'setup', // Unsuspending
  '15': 'setup', // Resetting
  '16': 'planned_stop', // Completing
  '17': 'planned_stop', // Complete
};

/** MachineryItemState (OPC 40001-1) → console states. */
export const MACHINERY_STATE_MAP: Readonly<Record<string, MachineState>> = {
  Executing: 'running',
  NotExecuting: 'idle',
  OutOfService: 'stopped',
};

const key = (path: readonly string[]): string => path.join('/');

export function proposeMappings(nodes: readonly FoundNode[]): MappingProposal[] {
  const byPath = new Map(nodes.map((n) => [key(n.path), n]));
  const isVar = (n: FoundNode | undefined): n is FoundNode => n !== undefined && n.nodeClass === 'Variable';
  const at = (root: readonly string[], ...rest: string[]): FoundNode | undefined => byPath.get(key([...root, ...rest]));
  const proposals: MappingProposal[] = [];

  for (const n of nodes) {
    if (n.browseName !== 'StateCurrent' || n.path.at(-2) !== 'Status' || !isVar(n)) continue;
    const root = n.path.slice(0, -2);
    const processed = at(root, 'Admin', 'ProdProcessedCount');
    const defective = at(root, 'Admin', 'ProdDefectiveCount');
    const speed = at(root, 'Status', 'CurMachSpeed');
    const notes: string[] = [];
    if (!isVar(processed)) notes.push('No Admin/ProdProcessedCount found: choose the good-count variable by hand.');
    else notes.push('PackML ProdProcessedCount counts every part, good and defective: the good count will include rejects unless the controller exposes a good-only counter.');
    proposals.push({
      standard: 'packml',
      path: root,
      name: root.at(-1) ?? 'PackML unit',
      tags: {
        machineState: n.nodeRef,
        ...(isVar(processed) ? { goodCount: processed.nodeRef } : {}),
        ...(isVar(defective) ? { rejectCount: defective.nodeRef } : {}),
        ...(isVar(speed) ? { speed: speed.nodeRef } : {}),
      },
      stateMap: { ...PACKML_STATE_MAP },
      notes,
    });
  }

  for (const n of nodes) {
    if (n.browseName !== 'CurrentState' || n.path.at(-2) !== 'MachineryItemState' || !isVar(n)) continue;
    // MachineryItemState sits under Monitoring (or directly under the machine in some servers).
    const root = n.path.at(-3) === 'Monitoring' ? n.path.slice(0, -3) : n.path.slice(0, -2);
    const cycles = at(root, 'OperationCounters', 'OperationCycleCounter');
    const notes = ['MachineryItemState has four states; NotExecuting cannot tell idle from starved or blocked: refine the state map if the machine exposes more.'];
    if (isVar(cycles)) notes.push('OperationCycleCounter counts machine cycles: it equals good parts only if one cycle makes one good part.');
    else notes.push('No OperationCounters/OperationCycleCounter found: choose the good-count variable by hand.');
    proposals.push({
      standard: 'machinery',
      path: root,
      name: root.at(-1) ?? 'Machine',
      tags: { machineState: n.nodeRef, ...(isVar(cycles) ? { goodCount: cycles.nodeRef } : {}) },
      stateMap: { ...MACHINERY_STATE_MAP },
      notes,
    });
  }
  return proposals;
}
