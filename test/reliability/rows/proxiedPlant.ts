import path from 'node:path';
import type { OpcuaGateway, OpcuaGatewayOptions } from '../../../electron/core/platform/opcua/createOpcuaGateway.ts';
import type { LinkGap, LiveValue } from '../../../electron/core/platform/opcua/opcuaTypes.ts';
import { startDemoPlant, type DemoPlant, type DemoPlantOptions } from '../../../electron/demo/DemoPlant.ts';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy.ts';
import { collectingLogger, controller, freePort, makeGateway, tempDir } from './support.ts';

/** The demo plant (in process, stepped by the row) behind the fault proxy, and a gateway talking through it. */
export interface ProxiedPlant {
  plant: DemoPlant;
  proxy: FaultProxy;
  g: OpcuaGateway;
  /** Every value delivered, in order, with the time it arrived. */
  received: { at: number; v: LiveValue }[];
  gaps: LinkGap[];
  phases: { at: number; phase: string; stale: boolean }[];
  logs: string[];
  stop(): Promise<void>;
}

export async function startProxiedPlant(args: {
  tags: string[];
  publishingIntervalMs: number;
  plant?: DemoPlantOptions;
  timing?: OpcuaGatewayOptions['timing'];
}): Promise<ProxiedPlant> {
  const tmp = tempDir('row-');
  // The controller sits behind the proxy like behind a NAT: it advertises the proxy's address as its endpoint.
  const plantPort = await freePort();
  const proxy = await startFaultProxy({ upstreamPort: plantPort });
  const plant = await startDemoPlant({
    port: plantPort,
    autoTick: false,
    pkiDir: path.join(tmp.dir, 'sim-pki'),
    advertisedEndpoints: [proxy.url('/UA/DemoPlant')],
    ...args.plant,
  });
  const logs: string[] = [];
  const g = makeGateway({
    controller: controller(proxy.url('/UA/DemoPlant'), { publishingIntervalMs: args.publishingIntervalMs }),
    pkiDir: path.join(tmp.dir, 'client-pki'),
    demoMode: true,
    logger: collectingLogger(logs),
    ...(args.timing ? { timing: args.timing } : {}),
  });
  const received: ProxiedPlant['received'] = [];
  const gaps: LinkGap[] = [];
  const phases: ProxiedPlant['phases'] = [];
  g.subscribe(args.tags, (values) => {
    const at = Date.now();
    for (const v of values) received.push({ at, v });
  });
  g.onDidCloseGap((gap) => gaps.push(gap));
  g.onDidChangeState((s) => phases.push({ at: Date.now(), phase: s.phase, stale: !!s.staleSince }));
  await g.connect();
  return {
    plant,
    proxy,
    g,
    received,
    gaps,
    phases,
    logs,
    async stop() {
      await g.dispose();
      await proxy.close();
      await plant.stop();
      tmp.cleanup();
    },
  };
}
