import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { LogFields, Logger } from '../ports/ports.ts';

/**
 * Field names whose values never reach a log line, at any depth we know of. Credentials should not be
 * passed to a logger at all; this is the net under that rule.
 */
export const SECRET_KEYS = [
  'password',
  'passwd',
  'pin',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'authorization',
  'cookie',
  'privateKey',
  'csrfToken',
] as const;

const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`]);

/** Strings that look like credentials wherever they appear inside a message or value. */
const INLINE_SECRET = /((?:password|passwd|pin|token|secret|apikey|authorization)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi;
const BASIC_OR_BEARER = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]{6,}/g;

export function maskInline(text: string): string {
  return text.replace(BASIC_OR_BEARER, '$1 ***').replace(INLINE_SECRET, '$1***');
}

export interface LoggerOptions {
  level?: 'debug' | 'info' | 'warn' | 'error';
  /** JSON lines go here (rotated by the OS or the installer); omit for stderr only. */
  file?: string;
  /** Also echo warnings and errors to stderr (serve mode, tests). */
  echoToStderr?: boolean;
  /** For tests: capture the JSON lines. */
  sink?: { write(line: string): void };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const streams: pino.StreamEntry[] = [];
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    streams.push({ level, stream: pino.destination({ dest: options.file, sync: false, mkdir: true }) });
  }
  if (options.sink) streams.push({ level, stream: options.sink });
  if (options.echoToStderr || streams.length === 0) streams.push({ level: 'warn', stream: process.stderr });
  const base = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '***' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Messages are free text: mask anything in them that looks like a credential.
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskInline(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    pino.multistream(streams),
  );
  return wrap(base);
}

function wrap(p: pino.Logger): Logger {
  const call = (fn: pino.LogFn, msg: string, fields?: LogFields) => (fields ? fn.call(p, maskFields(fields), msg) : fn.call(p, msg));
  return {
    debug: (msg, fields) => call(p.debug, msg, fields),
    info: (msg, fields) => call(p.info, msg, fields),
    warn: (msg, fields) => call(p.warn, msg, fields),
    error: (msg, fields) => call(p.error, msg, fields),
    child: (bindings) => wrap(p.child(maskFields(bindings))),
  };
}

/** Error objects and strings inside fields get the same inline masking as messages. */
function maskFields(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') out[k] = maskInline(v);
    else if (v instanceof Error) out[k] = { name: v.name, message: maskInline(v.message) };
    else out[k] = v;
  }
  return out;
}
