import { DataType, LocalizedText, StatusCodes, Variant, type Namespace, type UAObject, type UAVariable } from 'node-opcua';
import { DEMO_STATE, type LineSample } from './plantModel.ts';

/**
 * Two lines shaped after industry standards, so the browse-and-map screen can propose mappings:
 * - a PackML line (OMAC PackML / ISA-TR88.00.02 tag names: Status.StateCurrent, Admin.ProdProcessedCount …);
 * - an OPC 40001 Machinery line (Monitoring/MachineryItemState/CurrentState, OperationCounters/OperationCycleCounter).
 * Only the shape (browse names, data types) follows the standards; the nodes live in the demo's own namespace,
 * as on a controller whose vendor exposes the names without loading the companion nodesets.
 */

export const DEMO_STANDARD_NAMESPACE_URI = 'urn:plant-console:demo-plant:standard-lines';

/** PackML state numbers (TR88.00.02). */
export const PACKML_STATE = {
  stopped: 2,
  starting: 3,
  idle: 4,
  suspended: 5,
  execute: 6,
  stopping: 7,
  aborted: 9,
  held: 11,
  suspending: 13,
  resetting: 15,
  complete: 17,
} as const;

/** The demo vendor code → the PackML state the PackML line shows. */
const TO_PACKML: Readonly<Record<number, number>> = {
  [DEMO_STATE.running]: PACKML_STATE.execute,
  [DEMO_STATE.idle]: PACKML_STATE.idle,
  [DEMO_STATE.stopped]: PACKML_STATE.stopped,
  [DEMO_STATE.faulted]: PACKML_STATE.aborted,
  [DEMO_STATE.starved]: PACKML_STATE.suspended,
  [DEMO_STATE.blocked]: PACKML_STATE.held,
  [DEMO_STATE.setup]: PACKML_STATE.resetting,
  [DEMO_STATE.plannedStop]: PACKML_STATE.complete,
};

/** MachineryItemState (OPC 40001-1): the four states, by the text CurrentState shows. */
const TO_MACHINERY: Readonly<Record<number, string>> = {
  [DEMO_STATE.running]: 'Executing',
  [DEMO_STATE.idle]: 'NotExecuting',
  [DEMO_STATE.starved]: 'NotExecuting',
  [DEMO_STATE.blocked]: 'NotExecuting',
  [DEMO_STATE.setup]: 'NotExecuting',
  [DEMO_STATE.stopped]: 'OutOfService',
  [DEMO_STATE.faulted]: 'OutOfService',
  [DEMO_STATE.plannedStop]: 'NotAvailable',
};

export interface StandardLineNodes {
  publish(packml: LineSample, machinery: LineSample, ts: Date): void;
}

export function buildStandardLines(ns: Namespace, objectsFolder: UAObject): StandardLineNodes {
  const v = (parent: UAObject, name: string, nodeId: string, dataType: string): UAVariable =>
    ns.addVariable({ componentOf: parent, browseName: name, nodeId: `s=${nodeId}`, dataType, accessLevel: 'CurrentRead', userAccessLevel: 'CurrentRead', minimumSamplingInterval: 0 });

  // PackML
  const pack = ns.addObject({ organizedBy: objectsFolder, browseName: 'PackML_Line4', nodeId: 's=PackML_Line4' });
  const status = ns.addObject({ componentOf: pack, browseName: 'Status', nodeId: 's=PackML_Line4.Status' });
  const admin = ns.addObject({ componentOf: pack, browseName: 'Admin', nodeId: 's=PackML_Line4.Admin' });
  const stateCurrent = v(status, 'StateCurrent', 'PackML_Line4.Status.StateCurrent', 'Int32');
  const unitMode = v(status, 'UnitModeCurrent', 'PackML_Line4.Status.UnitModeCurrent', 'Int32');
  const curSpeed = v(status, 'CurMachSpeed', 'PackML_Line4.Status.CurMachSpeed', 'Float');
  const processed = v(admin, 'ProdProcessedCount', 'PackML_Line4.Admin.ProdProcessedCount', 'UInt32');
  const defective = v(admin, 'ProdDefectiveCount', 'PackML_Line4.Admin.ProdDefectiveCount', 'UInt32');

  // OPC 40001 Machinery
  const mach = ns.addObject({ organizedBy: objectsFolder, browseName: 'Machine_Line5', nodeId: 's=Machine_Line5' });
  const ident = ns.addObject({ componentOf: mach, browseName: 'Identification', nodeId: 's=Machine_Line5.Identification' });
  v(ident, 'Manufacturer', 'Machine_Line5.Identification.Manufacturer', 'LocalizedText').setValueFromSource(
    new Variant({ dataType: DataType.LocalizedText, value: new LocalizedText({ text: 'Demo Machines Ltd.' }) }),
  );
  const monitoring = ns.addObject({ componentOf: mach, browseName: 'Monitoring', nodeId: 's=Machine_Line5.Monitoring' });
  const itemState = ns.addObject({ componentOf: monitoring, browseName: 'MachineryItemState', nodeId: 's=Machine_Line5.Monitoring.MachineryItemState' });
  const currentState = v(itemState, 'CurrentState', 'Machine_Line5.Monitoring.MachineryItemState.CurrentState', 'LocalizedText');
  const counters = ns.addObject({ componentOf: mach, browseName: 'OperationCounters', nodeId: 's=Machine_Line5.OperationCounters' });
  const cycles = v(counters, 'OperationCycleCounter', 'Machine_Line5.OperationCounters.OperationCycleCounter', 'UInt32');
  const onDuration = v(counters, 'PowerOnDuration', 'Machine_Line5.OperationCounters.PowerOnDuration', 'UInt32');

  const set = (node: UAVariable, dataType: DataType, value: unknown, ts: Date): void => {
    const cur = node.readValue().value.value as unknown;
    const same = cur instanceof LocalizedText && value instanceof LocalizedText ? cur.text === value.text : cur === value;
    if (same && node.readValue().statusCode.isGood()) return;
    node.setValueFromSource(new Variant({ dataType, value }), StatusCodes.Good, ts);
  };

  return {
    publish(p, m, ts) {
      set(stateCurrent, DataType.Int32, TO_PACKML[p.machineState] ?? 0, ts);
      set(unitMode, DataType.Int32, 1, ts);
      set(curSpeed, DataType.Float, p.speed, ts);
      // PackML: processed counts every part, good and defective.
      set(processed, DataType.UInt32, (p.goodCount + p.rejectCount) % 2 ** 32, ts);
      set(defective, DataType.UInt32, p.rejectCount, ts);
      set(currentState, DataType.LocalizedText, new LocalizedText({ text: TO_MACHINERY[m.machineState] ?? 'NotAvailable', locale: 'en' }), ts);
      set(cycles, DataType.UInt32, (m.goodCount + m.rejectCount) % 2 ** 32, ts);
      set(onDuration, DataType.UInt32, m.tick, ts);
    },
  };
}
