import type { ConnectionStates, ControllerStatus, LiveLines } from '../../shared/contract/domains/lines.ts';
import type { LineSnapshot } from '../../shared/domain/line.ts';

export function aLine(overrides: Partial<LineSnapshot> = {}): LineSnapshot {
  return {
    lineId: 'L1',
    name: 'Line 1 – Filling',
    controllerId: 'plc-1',
    link: 'connected',
    stale: false,
    state: 'running',
    rawState: 1,
    stateSince: 1_000,
    good: { value: 100, quality: 'good', at: 5_000 },
    reject: { value: 3, quality: 'good', at: 5_000 },
    insecure: false,
    ...overrides,
  };
}

export const liveLines = (at: number, lines: LineSnapshot[]): LiveLines => ({ at, lines });

export function aController(overrides: Partial<ControllerStatus> = {}): ControllerStatus {
  return {
    controllerId: 'plc-1',
    name: 'PLC 1',
    endpoint: 'opc.tcp://127.0.0.1:4840',
    link: 'connected',
    securityMode: 'SignAndEncrypt',
    securityPolicy: 'Basic256Sha256',
    insecure: false,
    since: 1_000,
    lastError: null,
    ...overrides,
  };
}

export const connectionStates = (at: number, controllers: ControllerStatus[]): ConnectionStates => ({ at, controllers });
