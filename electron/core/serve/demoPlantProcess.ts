import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** A free loopback port, so the plant and the core can start side by side instead of one after the other. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface DemoPlantProcess {
  endpointUrl: string;
  stop(): Promise<void>;
}

/**
 * Runs the demo plant (electron/demo/runDemoPlant.ts) as its own process, as a real controller would
 * be: the core only ever sees an OPC UA endpoint. The child is told to exit when our stdin pipe closes,
 * so it cannot outlive serve mode even when serve mode is killed hard.
 */
export function startDemoPlantProcess(repoRoot: string, options: { tickMs?: number; port?: number } = {}): Promise<DemoPlantProcess> {
  const script = path.join(repoRoot, 'electron', 'demo', 'runDemoPlant.ts');
  const args = [script, '--port', String(options.port ?? 0), '--exit-with-parent'];
  if (options.tickMs) args.push('--tick-ms', String(options.tickMs));
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The demo plant did not report its endpoint within 20 s. Output so far:\n${out}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /opc\.tcp:\/\/\S+/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({
        endpointUrl: m[0],
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo plant exited (code ${code}) before reporting its endpoint:\n${out}`));
    });
  });
}
