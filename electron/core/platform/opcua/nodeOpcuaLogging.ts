import { setDebugLogger, setErrorLogger, setWarningLogger } from 'node-opcua-client';
import type { Logger } from '../ports/ports.ts';

/**
 * node-opcua prints warnings and errors straight to the console. Its loggers are process-wide, so the first
 * gateway routes them into the core's logger (structured, masked) and later ones reuse that route.
 */
let routed: Logger | null = null;

export function routeNodeOpcuaLogs(logger: Logger): void {
  if (routed) return;
  routed = logger.child({ component: 'node-opcua' });
  const text = (args: unknown[]): string =>
    args
      .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a)))
      .join(' ')
      // node-opcua colours its output: keep the log file plain.
      .replace(/\u001b\[[0-9;]*m/g, '')
      .slice(0, 2000);
  setWarningLogger((...args: unknown[]) => routed?.warn(text(args)));
  setErrorLogger((...args: unknown[]) => routed?.error(text(args)));
  setDebugLogger((...args: unknown[]) => routed?.debug(text(args)));
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
