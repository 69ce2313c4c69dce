import { type AddressSpace, DataType, type UAAlarmConditionEx, type UAObject, namespaceOf, NodeId, StatusCodes, type Variant } from 'node-opcua';
import { DEMO_NAMESPACE_URI } from './plantModel.ts';

/**
 * OPC UA Alarms & Conditions on the demo plant, the way a line controller offers them: one
 * AlarmCondition per line (`Line{n}.FaultAlarm`, active while the line reports Faulted) plus any number
 * of named extra conditions tests raise on purpose (`DemoPlant.Alarm.{name}`). The wanted state lives
 * here, outside the address space, so a restarted server (a rebooted controller) shows the same active
 * alarms again, as a real controller re-evaluates its alarms after a reboot: active ones come back
 * unacknowledged, with new EventIds.
 */

export interface DemoAlarmState {
  /** Browse name of the condition, e.g. `Line2.FaultAlarm` or `Alarm.Hydraulics7`. */
  name: string;
  /** Node id string in the demo namespace (`s=…`). */
  nodeId: string;
  active: boolean;
  acked: boolean;
  confirmed: boolean;
  retain: boolean;
  severity: number;
  message: string;
}

export interface DemoAlarms {
  /** Builds the conditions in a freshly initialised address space (every server start). */
  install(addressSpace: AddressSpace, lineCount: number): void;
  /** Line `line`'s fault alarm follows the line's state (called on every publish; changes only raise events). */
  followLine(line: number, faulted: boolean): void;
  /** Raises (active) or clears a named extra condition on the plant object, creating it on first use. */
  set(name: string, active: boolean, options?: { severity?: number; message?: string; line?: number }): void;
  /** A person acknowledges the condition at the controller's own panel (not through OPC UA). False if unknown or already acked. */
  acknowledgeAtPanel(name: string): boolean;
  /** What the server shows now, per condition. */
  states(): DemoAlarmState[];
  /** Forgets the address space (server stopped). */
  detach(): void;
}

interface Wanted {
  name: string;
  active: boolean;
  severity: number;
  message: string;
  /** Line object the condition belongs to (its SourceNode); null = the plant object. */
  line: number | null;
}

const SAFE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function createDemoAlarms(): DemoAlarms {
  const wanted = new Map<string, Wanted>();
  const nodes = new Map<string, UAAlarmConditionEx>();
  let space: AddressSpace | null = null;

  const nsIndex = (): number => space!.getNamespace(DEMO_NAMESPACE_URI).index;

  const sourceOf = (line: number | null): UAObject => {
    const id = line === null ? 's=DemoPlant' : `s=Line${line}`;
    const node = space!.findNode(`ns=${nsIndex()};${id}`) as UAObject | null;
    if (!node) throw new Error(`Bug: ${id} is missing from the demo address space`);
    return node;
  };

  const create = (w: Wanted): UAAlarmConditionEx => {
    const source = sourceOf(w.line);
    const ns = namespaceOf(source);
    const alarm = ns.instantiateAlarmCondition('AlarmConditionType', {
      browseName: w.name,
      nodeId: `s=${w.name}`,
      componentOf: source,
      conditionSource: source,
      conditionName: w.name,
      inputNode: NodeId.nullNodeId,
      optionals: ['ConfirmedState', 'Confirm'],
    });
    alarm.setEnabledState(true);
    // A condition that has never fired is normal: nothing to acknowledge or confirm, not retained.
    const branch = alarm.currentBranch();
    branch.setAckedState(true);
    branch.setConfirmedState(true);
    branch.setRetain(false);
    nodes.set(w.name, alarm);
    return alarm;
  };

  /** Brings the condition node to the wanted active state, raising one event when it changes. */
  const apply = (w: Wanted): void => {
    if (!space) return;
    const alarm = nodes.get(w.name) ?? create(w);
    const branch = alarm.currentBranch();
    const isActive = branch.getActiveState() === true;
    if (w.active === isActive) return;
    if (w.active) {
      branch.setActiveState(true);
      branch.setAckedState(false);
      branch.setConfirmedState(false);
      alarm.raiseNewCondition({ message: w.message, severity: w.severity, quality: StatusCodes.Good, retain: true });
    } else {
      branch.setActiveState(false);
      const needsAction = branch.getAckedState() !== true || branch.getConfirmedState() !== true;
      alarm.raiseNewCondition({ message: `${w.message}: back to normal`, severity: w.severity, quality: StatusCodes.Good, retain: needsAction });
    }
  };

  const api: DemoAlarms = {
    install(addressSpace, lineCount) {
      space = addressSpace;
      nodes.clear();
      addressSpace.installAlarmsAndConditionsService();
      // Events of the lines and the plant reach clients subscribed to the Server object (HasNotifier chain).
      const server = addressSpace.rootFolder.objects.server;
      const plant = sourceOf(null);
      plant.setEventNotifier(1);
      server.addReference({ referenceType: 'HasNotifier', nodeId: plant });
      // The plant object is itself the source of the extra conditions (Part 9: a ConditionSource is HasEventSource-linked).
      server.addReference({ referenceType: 'HasEventSource', nodeId: plant });
      for (let line = 1; line <= lineCount; line++) {
        const obj = sourceOf(line);
        obj.setEventNotifier(1);
        plant.addReference({ referenceType: 'HasEventSource', nodeId: obj });
        const name = `Line${line}.FaultAlarm`;
        if (!wanted.has(name)) wanted.set(name, { name, active: false, severity: 700, message: `Line ${line} faulted`, line });
      }
      for (const w of wanted.values()) {
        create(w);
        if (w.active) apply({ ...w, active: true });
      }
      addSetAlarmsMethod(plant, (prefix, count, active, severity) => {
        for (let i = 0; i < count; i++) api.set(`${prefix}_${String(i).padStart(4, '0')}`, active, { severity, message: `Demo alarm ${prefix} #${i}` });
      });
    },
    followLine(line, faulted) {
      const w = wanted.get(`Line${line}.FaultAlarm`);
      if (!w || w.active === faulted) return;
      w.active = faulted;
      apply(w);
    },
    set(name, active, options = {}) {
      const full = `Alarm.${name}`;
      if (!SAFE_NAME.test(name)) throw new RangeError(`alarm name "${name}" must be 1–64 letters, digits, '.', '_' or '-'`);
      const w = wanted.get(full) ?? { name: full, active: false, severity: options.severity ?? 500, message: options.message ?? `Demo alarm ${name}`, line: options.line ?? null };
      if (options.severity !== undefined) w.severity = options.severity;
      if (options.message !== undefined) w.message = options.message;
      wanted.set(full, w);
      if (w.active === active && nodes.has(full)) return;
      w.active = active;
      apply(w);
    },
    acknowledgeAtPanel(name) {
      const alarm = nodes.get(name);
      const branch = alarm?.currentBranch();
      if (!alarm || !branch || branch.getAckedState() === true) return false;
      branch.setAckedState(true);
      const active = branch.getActiveState() === true;
      const w = wanted.get(name);
      alarm.raiseNewCondition({ message: `${w?.message ?? name}: acknowledged at the panel`, severity: w?.severity ?? 500, quality: StatusCodes.Good, retain: active || branch.getConfirmedState() !== true });
      return true;
    },
    states() {
      return [...wanted.values()].map((w) => {
        const a = nodes.get(w.name);
        return {
          name: w.name,
          nodeId: `s=${w.name}`,
          active: a ? a.currentBranch().getActiveState() === true : w.active,
          acked: a ? a.currentBranch().getAckedState() === true : !w.active,
          confirmed: a ? a.currentBranch().getConfirmedState() === true : !w.active,
          retain: a ? a.currentBranch().getRetain() : w.active,
          severity: w.severity,
          message: w.message,
        };
      });
    },
    detach() {
      space = null;
      nodes.clear();
    },
  };
  return api;
}

/**
 * `DemoPlant.SetAlarms(prefix String, count UInt32, active Boolean, severity UInt16)`: raises or clears
 * `count` extra conditions `Alarm.{prefix}_0000 …` at once, so a test in another process (the alarm
 * flood of matrix row T20) can drive the controller's alarms as any OPC UA client could.
 */
function addSetAlarmsMethod(plant: UAObject, set: (prefix: string, count: number, active: boolean, severity: number) => void): void {
  const ns = namespaceOf(plant);
  const method = ns.addMethod(plant, {
    browseName: 'SetAlarms',
    nodeId: 's=DemoPlant.SetAlarms',
    inputArguments: [
      { name: 'prefix', description: { text: 'name prefix: letters, digits, _ or -' }, dataType: DataType.String },
      { name: 'count', description: { text: 'how many conditions, 1 … 2000' }, dataType: DataType.UInt32 },
      { name: 'active', description: { text: 'raise (true) or clear (false)' }, dataType: DataType.Boolean },
      { name: 'severity', description: { text: 'OPC UA severity 1 … 1000' }, dataType: DataType.UInt16 },
    ],
    outputArguments: [],
  });
  method.bindMethod((inputArguments, _context, callback) => {
    const prefix = String(inputArguments[0]?.value ?? '');
    const count = Number(inputArguments[1]?.value);
    const active = inputArguments[2]?.value === true;
    const severity = Number(inputArguments[3]?.value);
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(prefix) || !Number.isInteger(count) || count < 1 || count > 2000 || !Number.isInteger(severity) || severity < 1 || severity > 1000) {
      callback(null, { statusCode: StatusCodes.BadInvalidArgument, outputArguments: [] });
      return;
    }
    set(prefix, count, active, severity);
    callback(null, { statusCode: StatusCodes.Good, outputArguments: [] as Variant[] });
  });
}
