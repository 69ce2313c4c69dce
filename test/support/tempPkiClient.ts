import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPCUACertificateManager, OPCUAClient, type OPCUAClientOptions } from 'node-opcua';

/**
 * A plain OPC UA client for test tooling (fault injection, alarm bursts) whose certificate folder is a temp
 * folder of its own: node-opcua's default would write a PKI into $HOME, outside the test's reach and
 * shared between runs. `dispose()` removes it.
 */
export function tempPkiClient(options: OPCUAClientOptions = {}): { client: OPCUAClient; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-console-tool-pki-'));
  const clientCertificateManager = new OPCUACertificateManager({ rootFolder: dir, automaticallyAcceptUnknownCertificate: true });
  const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 2, initialDelay: 200, maxDelay: 1000 }, ...options, clientCertificateManager });
  return {
    client,
    dispose() {
      void clientCertificateManager.dispose().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
