import net from 'node:net';
import { DataType, StatusCodes } from 'node-opcua';
import { tempPkiClient } from '../../support/tempPkiClient.ts';
import { DEMO_NAMESPACE_URI } from '../../../electron/demo/plantModel.ts';

/**
 * Waits until something accepts TCP connections at the endpoint's host and port (up to `timeoutMs`). serve
 * prints its address before its demo plant listens (the page loads meanwhile and shows the controller
 * connecting, 180b87b), and on a loaded machine the plant's start takes many seconds more: the OPC UA
 * client's own retries (about a second) gave up before it, and the test failed on a plant still starting.
 */
export async function plantListening(endpointUrl: string, timeoutMs = 120_000): Promise<void> {
  const m = /^opc\.tcp:\/\/([^:/]+):(\d+)/.exec(endpointUrl);
  if (!m) throw new Error(`not an opc.tcp endpoint: ${endpointUrl}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: m[1], port: Number(m[2]) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the demo plant at ${endpointUrl} did not listen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Calls the demo plant's DemoPlant.InjectFault(line, seconds) as any OPC UA client could (once the plant listens). */
export async function injectDemoFault(endpointUrl: string, line: number, seconds: number): Promise<void> {
  await plantListening(endpointUrl);
  const { client, dispose } = tempPkiClient();
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession();
    try {
      const ns = (await session.readNamespaceArray()).indexOf(DEMO_NAMESPACE_URI);
      const r = await session.call({
        objectId: `ns=${ns};s=DemoPlant`,
        methodId: `ns=${ns};s=DemoPlant.InjectFault`,
        inputArguments: [
          { dataType: DataType.UInt32, value: line },
          { dataType: DataType.UInt32, value: seconds },
        ],
      });
      if (r.statusCode !== StatusCodes.Good) throw new Error(`InjectFault failed: ${r.statusCode.toString()}`);
    } finally {
      await session.close();
    }
  } finally {
    await client.disconnect();
    dispose();
  }
}
