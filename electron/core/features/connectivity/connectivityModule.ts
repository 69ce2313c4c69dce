import path from 'node:path';
import { fail, ok } from '../../../../shared/contract/envelope.ts';
import { failWith, refuseKey } from '../../../../shared/contract/refusal.ts';
import { explainOpcua } from '../../platform/net/explainFailure.ts';
import type { ControllerDetails, LinkGapView } from '../../../../shared/contract/domains/connectivity.ts';
import { recordAudit } from '../../platform/audit/auditTrail.ts';
import type { CoreContext, CoreModule } from '../../platform/coreContext.ts';
import type { HandlerGroup } from '../../platform/dispatch/handlers.ts';
import { isOpcuaBrowser, type OpcuaBrowser, type OpcuaError } from '../../platform/opcua/opcuaTypes.ts';
import { openPkiStore, type PkiStore, type StoredCertificate } from '../../platform/opcua/pkiStore.ts';
import type { Disposable } from '../../platform/ports/ports.ts';
import { DisposableStore } from '../../platform/ports/disposableStore.ts';
import { controllerDetail } from './controllerDetails.ts';
import { exportOwnCertificate } from './ownCertificateExport.ts';
import { proposeMappings } from './proposeMappings.ts';
import { saveLineMapping } from './saveLineMapping.ts';

type Keys =
  | 'connectivity.controllers'
  | 'connectivity.certificates'
  | 'connectivity.trustCertificate'
  | 'connectivity.untrustCertificate'
  | 'connectivity.exportOwnCertificate'
  | 'connectivity.setControllerPassword'
  | 'connectivity.browse'
  | 'connectivity.search'
  | 'connectivity.proposeMappings'
  | 'connectivity.saveLineMapping';

export type ConnectivityContext = Pick<CoreContext, 'options' | 'config' | 'db' | 'ports' | 'log' | 'gateways' | 'publish'>;

const GAPS_KEPT = 10;

/** Where startCore puts the gateways' client PKI: the trust screen must look at the same folder. */
export const clientPkiDir = (dataDir: string): string => path.join(dataDir, 'pki', 'opcua-client');

/** The demo plant's configuration file shipped in resources/: read-only by design. */
export function isShippedDemoConfig(configPath: string): boolean {
  const abs = path.resolve(configPath);
  return path.basename(abs) === 'demo-plant.json' && path.basename(path.dirname(abs)) === 'resources';
}

export function createConnectivityModule(ctx: ConnectivityContext): CoreModule<Keys> {
  const log = ctx.log.child({ component: 'connectivity' });
  const clock = ctx.ports.clock;
  const gaps = new Map<string, LinkGapView[]>();
  const subs = new DisposableStore();
  let pki: Promise<PkiStore> | null = null;
  let publishTimer: Disposable | null = null;
  let disposed = false;

  const store = (): Promise<PkiStore> => (pki ??= openPkiStore(clientPkiDir(ctx.options.dataDir)));

  const endpointOf = (id: string): string => ctx.options.endpointOverrides?.[id] ?? ctx.config.controllers.find((c) => c.id === id)?.endpoint ?? '';

  const details = (): ControllerDetails => {
    const now = clock.now();
    return {
      at: now,
      controllers: ctx.config.controllers.map((c) => controllerDetail(c, endpointOf(c.id), ctx.gateways.get(c.id)?.state(), gaps.get(c.id) ?? [], now)),
    };
  };

  // State changes come in bursts (phase, facts, gap in one reconnect): one message per 100 ms at most.
  const schedulePublish = (): void => {
    if (publishTimer || disposed) return;
    publishTimer = clock.setTimer(100, () => {
      publishTimer = null;
      ctx.publish('connectivity.controllers', details());
    });
  };

  const browser = (controllerId: string): OpcuaBrowser | null => {
    const g = ctx.gateways.get(controllerId);
    return g && isOpcuaBrowser(g) ? g : null;
  };

  const opcuaFail = (e: OpcuaError) => {
    const x = explainOpcua(e);
    return failWith(e.code === 'NOT_CONNECTED' || e.code === 'UNREACHABLE' ? 'NOT_CONNECTED' : e.code === 'NODE_UNKNOWN' || e.code === 'NAMESPACE_UNKNOWN' || e.code === 'CONFIG' ? 'BAD_REQUEST' : 'INTERNAL', e.message, x.msg, { technical: x.technical });
  };

  const view = (c: StoredCertificate) => ({
    subject: c.subject,
    issuer: c.issuer,
    commonName: c.commonName,
    applicationUri: c.applicationUri,
    validFrom: c.validFrom,
    validTo: c.validTo,
    sha1: c.sha1,
    sha256: c.sha256,
    selfSigned: c.selfSigned,
    state: c.state,
  });

  /** Audited after the file change; if the audit cannot be written, the change is undone (no unaudited trust). */
  const audited = (actor: Parameters<typeof recordAudit>[1]['actor'], action: string, c: StoredCertificate, undo: () => Promise<unknown>) => {
    try {
      ctx.db.transaction(() =>
        recordAudit(ctx.db, {
          at: clock.now(),
          actor,
          action,
          target: c.sha1,
          details: { commonName: c.commonName, subject: c.subject, issuer: c.issuer, validTo: new Date(c.validTo).toISOString(), sha256: c.sha256 },
          outcome: 'ok',
        }),
      )();
      return null;
    } catch (e) {
      log.error('Audit write failed; undoing the certificate change', { error: e as Error });
      void undo();
      return refuseKey('INTERNAL', 'connectivity.auditFailed');
    }
  };

  const handlers: HandlerGroup<Keys> = {
    'connectivity.controllers': () => ok(details()),
    'connectivity.certificates': async () => {
      const listing = (await store()).list(clock.now());
      const presentedBy: Record<string, string[]> = {};
      for (const [id, g] of ctx.gateways) {
        const sha1 = g.state().error?.certificate?.sha1;
        if (sha1) (presentedBy[sha1] ??= []).push(id);
      }
      return ok({ own: listing.own ? view(listing.own) : null, trusted: listing.trusted.map(view), rejected: listing.rejected.map(view), warnings: listing.warnings, presentedBy });
    },
    'connectivity.trustCertificate': async (req, { actor }) => {
      const s = await store();
      const r = await s.trust(req.sha1);
      if (!r.ok) return r.error === 'NOT_FOUND' ? refuseKey('NOT_FOUND', 'connectivity.noRejectedCert', { sha1: req.sha1 }) : refuseKey('INTERNAL', 'connectivity.certStoreFailed');
      const refused = audited(actor, 'connectivity.trustCertificate', r.value, () => s.untrust(r.value.sha1));
      if (refused) return refused;
      log.info('Controller certificate trusted', { sha1: r.value.sha1, commonName: r.value.commonName, by: actor.userId });
      // Controllers refused for this certificate try again now instead of at their next back-off.
      for (const g of ctx.gateways.values()) {
        if (g.state().error?.certificate?.sha1 === r.value.sha1) void (g.retryNow ? g.retryNow() : g.connect());
      }
      return ok(view(r.value));
    },
    'connectivity.untrustCertificate': async (req, { actor }) => {
      const s = await store();
      const r = await s.untrust(req.sha1);
      if (!r.ok) return r.error === 'NOT_FOUND' ? refuseKey('NOT_FOUND', 'connectivity.noTrustedCert', { sha1: req.sha1 }) : refuseKey('INTERNAL', 'connectivity.certStoreFailed');
      const refused = audited(actor, 'connectivity.untrustCertificate', r.value, () => s.trust(r.value.sha1));
      if (refused) return refused;
      return ok(view(r.value));
    },
    'connectivity.exportOwnCertificate': (_req, { actor }) => {
      const r = exportOwnCertificate(clientPkiDir(ctx.options.dataDir), path.join(ctx.options.dataDir, 'exports'));
      if (!r.ok) return r.error === 'NONE' ? refuseKey('NOT_FOUND', 'connectivity.noOwnCert') : refuseKey('INTERNAL', 'connectivity.certNotWritten', { folder: path.join(ctx.options.dataDir, 'exports') });
      try {
        recordAudit(ctx.db, { at: clock.now(), actor, action: 'connectivity.exportOwnCertificate', target: r.value.sha1, details: { pemPath: r.value.pemPath, derPath: r.value.derPath }, outcome: 'ok' });
      } catch (e) {
        log.error('Audit write for a certificate export failed', { error: e as Error });
      }
      return ok(r.value);
    },
    'connectivity.setControllerPassword': async (req, { actor }) => {
      const c = ctx.config.controllers.find((x) => x.id === req.controllerId);
      if (!c) return refuseKey('NOT_FOUND', 'connectivity.noController', { controllerId: req.controllerId });
      const token = c.userToken;
      if (token?.type !== 'username') {
        return refuseKey('BAD_REQUEST', 'connectivity.noPasswordLogin', { controller: c.name, login: token?.type === 'certificate' ? 'certificate' : 'anonymous' });
      }
      const secrets = ctx.ports.secrets;
      const before = await secrets.read(token.passwordSecret);
      const replaced = before.ok;
      const w = await secrets.write(token.passwordSecret, req.password);
      if (!w.ok) return refuseKey('UNAVAILABLE', 'connectivity.secretsNotWritten', { store: secrets.describe() });
      try {
        // Never the password itself, nor anything derived from it.
        recordAudit(ctx.db, { at: clock.now(), actor, action: 'connectivity.setControllerPassword', target: c.id, details: { userName: token.userName, secretName: token.passwordSecret, replaced }, outcome: 'ok' });
      } catch (e) {
        log.error('Audit write for a stored controller password failed', { error: e as Error });
      }
      log.info('Controller password stored', { controllerId: c.id, userName: token.userName, replaced, by: actor.userId });
      const g = ctx.gateways.get(c.id);
      const phase = g?.state().phase;
      const reconnecting = !!g?.retryNow && phase !== 'connected' && phase !== 'reconnecting';
      if (reconnecting) void g.retryNow!().catch((e: unknown) => log.error('Reconnecting after a new password failed', { error: e as Error }));
      return ok({ controllerId: c.id, userName: token.userName, replaced, reconnecting });
    },
    'connectivity.browse': async (req) => {
      const b = browser(req.controllerId);
      if (!b) return refuseKey('NOT_FOUND', 'connectivity.noController', { controllerId: req.controllerId });
      const r = await b.browse(req.nodeRef);
      return r.ok ? ok(r.value) : opcuaFail(r.error);
    },
    'connectivity.search': async (req) => {
      const b = browser(req.controllerId);
      if (!b) return refuseKey('NOT_FOUND', 'connectivity.noController', { controllerId: req.controllerId });
      const r = await b.search(req.text, { from: req.from ?? null });
      return r.ok ? ok(r.value) : opcuaFail(r.error);
    },
    'connectivity.proposeMappings': async (req) => {
      const b = browser(req.controllerId);
      if (!b) return refuseKey('NOT_FOUND', 'connectivity.noController', { controllerId: req.controllerId });
      // Every node down to 6 levels: standard shapes sit a few levels below Objects.
      const r = await b.search('', { maxDepth: 6, maxResults: 5000 });
      return r.ok ? ok(proposeMappings(r.value)) : opcuaFail(r.error);
    },
    'connectivity.saveLineMapping': (req, { actor }) => {
      if (!ctx.config.controllers.some((c) => c.id === req.line.controllerId)) return refuseKey('BAD_REQUEST', 'connectivity.noControllerInConfig', { controllerId: req.line.controllerId });
      if (isShippedDemoConfig(ctx.options.configPath)) {
        return refuseKey('CONFLICT', 'connectivity.demoConfigReadOnly', { option: '--config <copy>' });
      }
      const now = clock.now();
      const r = saveLineMapping(ctx.options.configPath, req.line, now);
      if (!r.ok) return r.error.code === 'INVALID' ? fail('BAD_REQUEST', r.error.message, { problems: r.error.problems }) : fail('INTERNAL', r.error.message);
      try {
        recordAudit(ctx.db, { at: now, actor, action: 'connectivity.saveLineMapping', target: req.line.id, details: { before: r.value.previous, after: req.line, backup: r.value.backupPath }, outcome: 'ok' });
      } catch (e) {
        log.error('Audit write for a saved mapping failed', { error: e as Error, backup: r.value.backupPath });
      }
      log.info('Line mapping saved', { lineId: req.line.id, backup: r.value.backupPath, by: actor.userId });
      return ok({ configPath: r.value.configPath, backupPath: r.value.backupPath, created: r.value.created, restartRequired: true as const });
    },
  };

  return {
    handlers,
    start() {
      for (const [id, g] of ctx.gateways) {
        subs.add(g.onDidChangeState(() => schedulePublish()));
        const sub = g.onDidCloseGap?.((gap) => {
          const list = gaps.get(id) ?? [];
          list.unshift({ seq: gap.seq, lostAt: gap.lostAt, restoredAt: gap.restoredAt, serverRestarted: gap.serverRestarted, recovery: gap.recovery, reason: gap.reason });
          gaps.set(id, list.slice(0, GAPS_KEPT));
          schedulePublish();
        });
        if (sub) subs.add(sub);
      }
    },
    async dispose() {
      disposed = true;
      publishTimer?.dispose();
      subs.dispose();
      if (pki) await (await pki.catch(() => null))?.dispose();
    },
  };
}
