import { msg } from '../../../../shared/i18n/index.ts';
import type { ConnectionCheckReport } from '../../../../shared/contract/domains/system.ts';
import { ok } from '../../../../shared/contract/envelope.ts';
import { createCmmsConnector } from '../../platform/cmms/createCmmsConnector.ts';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import { type CheckLine, probeNetwork, type TargetRoutes } from '../../platform/net/connectionCheck.ts';

export interface ConnectionCheckDeps {
  routes: TargetRoutes;
  /** The ERP adapter's own check (SAP: $metadata and the $filter probe), when it has one. */
  erpCheck: (() => Promise<CheckLine[]>) | null;
  cmmsBaseUrl?: string;
}

/**
 * The connection check of each ERP/CMMS target, at start-up and on request (Settings > Connections):
 * the network (reachable, TLS trusted, through which proxy), then the adapter's own answers (signed in,
 * the service has what the console uses, the read-back probe works). Every answer is one line in plain
 * words; start-up writes them to the log as well.
 */
export function createConnectionCheck(ctx: CoreContext, deps: ConnectionCheckDeps): CoreModule<'system.checkConnections'> {
  let last: ConnectionCheckReport = { checkedAt: null, targets: [] };
  let running: Promise<ConnectionCheckReport> | null = null;
  let disposed = false;
  const cmms = ctx.config.cmms ? createCmmsConnector(ctx.config.cmms, { baseUrlOverride: deps.cmmsBaseUrl, secrets: ctx.ports.secrets, remoteKeysOf: () => null, now: () => ctx.ports.clock.now() }) : null;

  async function one(target: 'erp' | 'cmms'): Promise<ConnectionCheckReport['targets'][number] | null> {
    const t = ctx.config[target];
    if (!t) return null;
    const r = deps.routes.routes.find((x) => x.target === target);
    const address = r?.address ?? t.baseUrl;
    const label = target === 'erp' ? `ERP (${t.kind === 'sap-odata' ? 'SAP S/4HANA' : 'REST'})` : `CMMS (${t.kind === 'servicenow' ? 'ServiceNow' : 'MaintainX'})`;
    if (r?.problem) return { target, label, address, route: '', lines: [{ step: 'network', ok: false, text: `The network settings cannot be used: ${r.problem}` }] };
    const net = await probeNetwork(address, Math.min(t.timeoutSec, 15) * 1000);
    const lines: CheckLine[] = [net];
    if (net.ok) {
      const own = target === 'cmms' ? (cmms ? () => cmms.check() : null) : deps.erpCheck;
      if (own) lines.push(...(await own().catch((e: unknown) => [{ step: 'signIn' as const, ok: false, text: `The check itself failed: ${(e as Error).message}` }])));
      else lines.push({ step: 'signIn', ok: null, text: 'This adapter has no sign-in and read-back check yet; its status shows in the Outbox', msg: msg('check.noAdapterCheck') });
    }
    return { target, label, address, route: r?.route ?? '', lines: lines.map((l) => ({ ...l, text: l.text.slice(0, 600) })).slice(0, 16) };
  }

  async function run(): Promise<ConnectionCheckReport> {
    running ??= (async () => {
      const targets = (await Promise.all([one('erp'), one('cmms')])).filter((x): x is NonNullable<typeof x> => x !== null);
      last = { checkedAt: ctx.ports.clock.now(), targets };
      return last;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    handlers: {
      'system.checkConnections': async (req) => ok(req.recheck || last.checkedAt === null ? await run() : last),
    },
    start() {
      void run().then((rep) => {
        if (disposed) return;
        for (const t of rep.targets)
          for (const l of t.lines) (l.ok === false ? ctx.log.warn : ctx.log.info).call(ctx.log, `Connection check, ${t.label}: ${l.text}`, { target: t.target, step: l.step });
      });
    },
    dispose() {
      disposed = true;
      deps.routes.dispose();
    },
  };
}
