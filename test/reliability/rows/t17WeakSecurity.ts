import path from 'node:path';
import { EXPLICIT_CLIENT_OPTIONS } from '../../../electron/core/platform/opcua/clientOptions.ts';
import { startDemoPlant } from '../../../electron/demo/DemoPlant.ts';
import type { ControllerConfig } from '../../../shared/domain/plantConfig.ts';
import { controller, makeGateway, tempDir, waitFor, type RowResult } from './support.ts';

/**
 * T17: a controller offering only weak or no security (None, Basic128Rsa15, Basic256). Production mode must
 * refuse every configuration, naming the policy, and never connect below the floor. Also a snapshot of the
 * client options: none of matrix rule 5's options may be left at the library default.
 */
export async function runT17(): Promise<RowResult> {
  const tmp = tempDir('t17-');
  const plant = await startDemoPlant({ port: 0, autoTick: false, endpointSet: 'hostile', pkiDir: path.join(tmp.dir, 'sim-pki') });
  const configs: ControllerConfig['security'][] = [
    { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', allowInsecure: false },
    { mode: 'SignAndEncrypt', policy: 'Aes256_Sha256_RsaPss', allowInsecure: false },
    { mode: 'SignAndEncrypt', policy: 'Basic128Rsa15', allowInsecure: false },
    { mode: 'SignAndEncrypt', policy: 'Basic256', allowInsecure: false },
    { mode: 'None', policy: 'None', allowInsecure: true },
  ];
  let belowFloor = 0;
  let unnamed = 0;
  const messages: string[] = [];
  let optionsAtDefault = 0;
  const defaulted: string[] = [];
  try {
    for (const [i, security] of configs.entries()) {
      const g = makeGateway({ controller: controller(plant.endpointUrl, { security }), pkiDir: path.join(tmp.dir, `client-${i}`), demoMode: false });
      await g.connect();
      await waitFor(() => g.state().phase !== 'connecting', 10_000);
      const s = g.state();
      if (s.phase === 'connected') belowFloor++;
      const msg = s.error?.message ?? '';
      messages.push(`${security.policy}: ${msg}`);
      // The refusal names what is wrong: the configured deprecated policy, or what the controller offers.
      const named = security.policy === 'None' ? /None/.test(msg) : /Basic128Rsa15|Basic256\b/.test(msg) || msg.includes(security.policy);
      if (!named) unnamed++;
      await g.dispose();
    }
    // Options snapshot on a configuration that gets as far as creating a client.
    const g = makeGateway({
      controller: controller(plant.endpointUrl, { security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', allowInsecure: false } }),
      pkiDir: path.join(tmp.dir, 'client-opts'),
      demoMode: false,
    });
    await g.connect();
    const o = g.lastClientOptions() ?? {};
    for (const key of EXPLICIT_CLIENT_OPTIONS) if (o[key] === undefined) defaulted.push(key);
    const strategy = o.connectionStrategy as { maxRetry?: number; maxDelay?: number } | undefined;
    if (o.securityMode === 1 /* None */) defaulted.push('securityMode=None');
    if (o.keepSessionAlive !== true) defaulted.push('keepSessionAlive');
    if (!strategy || strategy.maxRetry === -1 || (strategy.maxDelay ?? 20_000) > 10_000) defaulted.push('connectionStrategy');
    const cm = o.clientCertificateManager as { automaticallyAcceptUnknownCertificate?: boolean } | undefined;
    if (!cm || cm.automaticallyAcceptUnknownCertificate !== false) defaulted.push('clientCertificateManager.autoAccept');
    optionsAtDefault = defaulted.length;
    await g.dispose();
  } finally {
    await plant.stop();
    tmp.cleanup();
  }
  return {
    row: 'T17',
    pass: belowFloor === 0 && unnamed === 0 && optionsAtDefault === 0,
    figures: [
      { name: 'connections_below_floor', value: belowFloor, target: '0' },
      { name: 'options_at_default', value: optionsAtDefault === 0 ? 0 : `${optionsAtDefault} (${defaulted.join(',')})`, target: '0' },
      { name: 'refusals_not_naming_policy', value: unnamed === 0 ? 0 : `${unnamed}: ${messages.join(' | ')}`, target: '0' },
    ],
  };
}
