import { DataType, StatusCodes } from 'node-opcua';
import { tempPkiClient } from '../../support/tempPkiClient.ts';
import { DEMO_NAMESPACE_URI } from '../../../electron/demo/plantModel.ts';

/** Calls the demo plant's DemoPlant.InjectFault(line, seconds) as any OPC UA client could. */
export async function injectDemoFault(endpointUrl: string, line: number, seconds: number): Promise<void> {
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
