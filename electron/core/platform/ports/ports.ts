import type { Message } from '../../../../shared/i18n/index.ts';
import type { Result } from '../../../../shared/result.ts';

/** Anything that holds a socket, timer or handle. */
export interface Disposable {
  dispose(): void;
}

/** The only source of time inside the core. */
export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): Disposable;
  setInterval(ms: number, fn: () => void): Disposable;
}

/** Structured log fields; secrets are masked by the logger, but callers should not pass them anyway. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

export type SecretError = 'NOT_FOUND' | 'UNAVAILABLE';

/** ERP, CMMS and OPC UA credentials, per workstation. Electron safeStorage in the shell, a 0600 file in serve mode. */
export interface SecretStore {
  read(name: string): Promise<Result<string, SecretError>>;
  write(name: string, value: string): Promise<Result<void, 'UNAVAILABLE'>>;
  /** Where the secrets live, for the UI: "Electron safeStorage (libsecret)" or "file …, mode 0600". */
  describe(): string;
}

export interface Notification {
  title: string;
  body: string;
  level: 'info' | 'warning' | 'critical';
  /** The same as catalogue messages (namespace core): the desktop shell shows them in the person's language. */
  msg?: { title: Message; body: Message };
}

/** Desktop notifications in the shell; a log line (and the system.notice stream) in serve mode. */
export interface Notifier {
  notify(n: Notification): void;
}

/** Whether the workstation believes it has a network. Offline waiting costs the outbox no attempts. */
export interface OnlineMonitor {
  isOnline(): boolean;
  onDidChange(listener: (online: boolean) => void): Disposable;
}

export interface Ports {
  clock: Clock;
  logger: Logger;
  secrets: SecretStore;
  notifier: Notifier;
  online: OnlineMonitor;
}
