import { type AddressSpace, DataType, StatusCodes, type UAObject, type Variant } from 'node-opcua';
import { DEMO_NAMESPACE_URI, DEMO_STATE, type LineSample } from './plantModel.ts';

const UINT32 = 2 ** 32;

/**
 * Faults injected into the demo plant on request, on top of its deterministic script: the line
 * reports Faulted and makes nothing for the given number of ticks. Parts the script would have made
 * meanwhile are taken off the counters for good, so counts stay consistent with the stop.
 * Used by demos and end-to-end tests ("the demo plant faults a line past the alert threshold").
 */
export class DemoFaults {
  private readonly until = new Map<number, number>();
  private readonly lost = new Map<number, { good: number; reject: number }>();
  private readonly last = new Map<number, { tick: number; good: number; reject: number }>();

  /** Line `line` faults from `tick` for `ticks` ticks (extends a fault already running). */
  inject(line: number, tick: number, ticks: number): void {
    this.until.set(line, Math.max(this.until.get(line) ?? 0, tick + Math.max(1, Math.ceil(ticks))));
  }

  active(line: number, tick: number): boolean {
    return tick < (this.until.get(line) ?? -1);
  }

  /** The script's sample with the injected fault applied. Idempotent per tick. */
  apply(s: LineSample): LineSample {
    const prev = this.last.get(s.line);
    if (!prev || s.tick !== prev.tick) {
      if (prev && s.tick > prev.tick && this.active(s.line, prev.tick)) {
        const l = this.lost.get(s.line) ?? { good: 0, reject: 0 };
        l.good += Math.max(0, s.goodCount - prev.good);
        l.reject += Math.max(0, s.rejectCount - prev.reject);
        this.lost.set(s.line, l);
      }
      this.last.set(s.line, { tick: s.tick, good: s.goodCount, reject: s.rejectCount });
    }
    const l = this.lost.get(s.line);
    const active = this.active(s.line, s.tick);
    if (!l && !active) return s;
    const wrap = (x: number) => ((x % UINT32) + UINT32) % UINT32;
    return {
      ...s,
      goodCount: wrap(s.goodCount - (l?.good ?? 0)),
      rejectCount: wrap(s.rejectCount - (l?.reject ?? 0)),
      machineState: active ? DEMO_STATE.faulted : s.machineState,
      speed: active ? 0 : s.speed,
    };
  }
}

/**
 * `DemoPlant.InjectFault(line UInt32, seconds UInt32)`: lets any OPC UA client (a demo, an e2e test)
 * fault a line of the simulator running in another process.
 */
export function addInjectFaultMethod(addressSpace: AddressSpace, lineCount: number, inject: (line: number, seconds: number) => void): void {
  const ns = addressSpace.getNamespace(DEMO_NAMESPACE_URI);
  const parent = addressSpace.findNode(`ns=${ns.index};s=DemoPlant`) as UAObject | null;
  if (!parent) throw new Error('Bug: the DemoPlant object is missing from the address space');
  const method = ns.addMethod(parent, {
    browseName: 'InjectFault',
    nodeId: 's=DemoPlant.InjectFault',
    inputArguments: [
      { name: 'line', description: { text: 'line number, 1-based' }, dataType: DataType.UInt32 },
      { name: 'seconds', description: { text: 'how long the line stays faulted' }, dataType: DataType.UInt32 },
    ],
    outputArguments: [],
  });
  method.bindMethod((inputArguments, _context, callback) => {
    const line = Number(inputArguments[0]?.value);
    const seconds = Number(inputArguments[1]?.value);
    if (!Number.isInteger(line) || line < 1 || line > lineCount || !Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
      callback(null, { statusCode: StatusCodes.BadInvalidArgument, outputArguments: [] });
      return;
    }
    inject(line, seconds);
    callback(null, { statusCode: StatusCodes.Good, outputArguments: [] as Variant[] });
  });
}
