import { DataType, StatusCodes, Variant, type INamespace, type UAObject, type UAVariable } from 'node-opcua';

/**
 * Extra analogue tags per line (temperatures, pressures, currents … as a real line controller exposes
 * dozens of), so load tests can run the console against "50 lines × 20 tags". Every one of them changes
 * on every tick, the worst case for a subscription. Deterministic: a pure function of line, tag and tick.
 * Node ids: `s=Line{n}.Extra{k}` (k from 1), Double, in the demo namespace under `Line{n}Extra` objects.
 */

export interface ExtraTagNodes {
  readonly perLine: number;
  publish(tick: number, ts: Date): void;
}

export function extraTagNodeId(line: number, k: number): string {
  return `Line${line}.Extra${k}`;
}

/** The value extra tag `k` of `line` shows at `tick`. */
export function extraTagValue(line: number, k: number, tick: number): number {
  return Math.round((50 + 10 * k + 5 * Math.sin((tick + 7 * line) / (5 + k))) * 100) / 100;
}

export function buildExtraTags(ns: INamespace, parent: UAObject, lineCount: number, perLine: number): ExtraTagNodes {
  const vars: { line: number; k: number; v: UAVariable }[] = [];
  for (let line = 1; line <= lineCount; line++) {
    const obj = ns.addObject({ organizedBy: parent, browseName: `Line${line}Extra`, nodeId: `s=Line${line}Extra` });
    for (let k = 1; k <= perLine; k++) {
      const v = ns.addVariable({
        componentOf: obj,
        browseName: `Extra${k}`,
        nodeId: `s=${extraTagNodeId(line, k)}`,
        dataType: 'Double',
        accessLevel: 'CurrentRead',
        userAccessLevel: 'CurrentRead',
        minimumSamplingInterval: 0,
      });
      vars.push({ line, k, v });
    }
  }
  return {
    perLine,
    publish(tick, ts) {
      for (const { line, k, v } of vars) v.setValueFromSource(new Variant({ dataType: DataType.Double, value: extraTagValue(line, k, tick) }), StatusCodes.Good, ts);
    },
  };
}
