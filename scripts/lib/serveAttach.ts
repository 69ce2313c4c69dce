// `npm run serve -- --attach https://hub:port [--pair CODE --fingerprint SHA256]`: an attached console.
import type { parseServeArgs } from '../../electron/core/platform/serve/serveArgs.ts';
import { runAttach as startAttach } from '../../electron/core/platform/serve/attachMain.ts';
import { stopOnSignals } from './stopOnSignals.ts';
import { HubTrustError } from '../../electron/core/platform/serve/hubPairing.ts';

export async function runAttach(repoRoot: string, args: ReturnType<typeof parseServeArgs>, rendererBuilt: Promise<void>): Promise<void> {
  try {
    const running = await startAttach({ repoRoot, hubUrl: args.attach!, pairCode: args.pairCode, fingerprint: args.fingerprint, dataDir: args.dataDir, port: args.port, logLevel: args.logLevel });
    await rendererBuilt;
    const a = running.attachment;
    process.stdout.write(
      [
        '',
        `  Plant Operations Console, attached to the plant hub ${a.hubUrl}`,
        running.pairedNow ? `  Paired as "${a.name}" (${a.kind === 'wallboard' ? 'wall board' : 'console'}); hub certificate SHA-256 ${a.fingerprint} pinned` : `  Device "${a.name}" (${a.kind === 'wallboard' ? 'wall board' : 'console'}); hub certificate SHA-256 ${a.fingerprint}`,
        `  Open: ${args.kiosk ? `${running.url}&kiosk=1` : running.url}`,
        '  Ctrl+C stops it.',
        '',
      ].join('\n') + '\n',
    );
    stopOnSignals(() => running.stop());
  } catch (e) {
    if (e instanceof HubTrustError) {
      process.stderr.write(`\nThe console did not attach.\n${e.message}\n`);
      // Not process.exit(): a refusal before any await (not paired yet) came while the log file was still
      // opening, and pino's flush on exit then threw "sonic boom is not ready yet" with a stack trace under
      // the words. The process ends by itself with nothing left to run.
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
