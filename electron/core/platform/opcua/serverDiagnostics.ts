import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy } from 'node-opcua-client';

/** One subscription as the server's own diagnostics describe it (SubscriptionDiagnosticsDataType, Part 5 §12.15). */
export interface SubscriptionDiagnostics {
  sessionId: string;
  subscriptionId: number;
  priority: number;
  publishingIntervalMs: number;
  monitoredItemCount: number;
}

/** Server_ServerDiagnostics_SubscriptionDiagnosticsArray (Part 5, ns=0;i=2290). */
const SUBSCRIPTION_DIAGNOSTICS_ARRAY = 'ns=0;i=2290';

/**
 * Every subscription the server holds, with its monitored items counted by the server itself: how a test or a
 * benchmark proves what the console asks of a controller (one monitored item per tag). Opens its own session with
 * SecurityPolicy None, so it is for the demo plant and other test servers; a server without diagnostics enabled
 * answers Bad and this throws, naming the status.
 */
export async function readSubscriptionDiagnostics(endpointUrl: string): Promise<SubscriptionDiagnostics[]> {
  const client = OPCUAClient.create({
    applicationName: 'Plant console diagnostics reader',
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 500 },
  });
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession();
    try {
      const dv = await session.read({ nodeId: SUBSCRIPTION_DIAGNOSTICS_ARRAY, attributeId: AttributeIds.Value });
      if (dv.statusCode.isNotGood()) throw new Error(`The server's subscription diagnostics cannot be read (${dv.statusCode.name}).`);
      const rows = (dv.value.value ?? []) as { sessionId: { toString(): string }; subscriptionId: number; priority: number; publishingInterval: number; monitoredItemCount: number }[];
      return rows.map((r) => ({
        sessionId: r.sessionId.toString(),
        subscriptionId: r.subscriptionId,
        priority: r.priority,
        publishingIntervalMs: r.publishingInterval,
        monitoredItemCount: r.monitoredItemCount,
      }));
    } finally {
      await session.close().catch(() => undefined);
    }
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}
