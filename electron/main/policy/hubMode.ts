import type { HostHubStatus } from '../../../shared/contract/hostWire.ts';
import type { AttachArgs } from './attachArgs.ts';
import { type ShellText, shellText } from '../shellText.ts';

/**
 * Which mode a desktop start runs in (docs/hub.md "A desktop console as the hub"). Pure, so it is tested
 * without Electron:
 * - `--attach https://hub:port` → an attached console (no core here);
 * - `--hub [--hub-port N] [--bind ADDR]` on the command line, or the administrator's setting file
 *   `<userData>/hub-setting.json` `{"hub": true, "port": 8443, "bind": "0.0.0.0"}` → this console runs its
 *   core as always AND is the plant hub (the same listener as `npm run serve -- --hub`);
 * - otherwise a standalone console, as before.
 * The command line wins over the setting for port and bind; `--no-hub` turns a designated console into a
 * standalone one for this start (a maintenance start without the plant attaching).
 */

export const HUB_SETTING_FILE = 'hub-setting.json';
export const DESKTOP_HUB_PORT = 8443;
export const DESKTOP_HUB_BIND = '0.0.0.0';

export interface HubArgs {
  /** true: --hub, false: --no-hub, undefined: neither (the setting decides). */
  hub?: boolean;
  port?: number;
  bind?: string;
}

export interface HubSetting {
  hub: boolean;
  port?: number;
  bind?: string;
}

export type StartMode =
  /**
   * `hubProblem`: the hub was asked for in a way the shell does not understand (a wrong setting file, a bad
   * port). The workstation still runs its own core, so the people at it can work; the hub does not start
   * and the window says why (never a guess at what the administrator meant).
   */
  | { mode: 'standalone'; hubProblem?: string }
  | { mode: 'attach'; attach: AttachArgs }
  | { mode: 'hub'; port: number; bind: string; from: 'command line' | 'setting' };

const flagValue = (argv: readonly string[], name: string): string | undefined => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[i + 1] ?? '');
};

const portOf = (text: string | number, what: string): number | string => {
  const n = typeof text === 'number' ? text : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : `${what} must be a port number from 1 to 65535, not "${String(text)}"`;
};

/** `--hub`, `--no-hub`, `--hub-port N`, `--bind ADDR` (also `--name=value`). Problems come back in words. */
export function parseHubArgv(argv: readonly string[]): HubArgs | { problem: string } {
  const on = argv.includes('--hub');
  const off = argv.includes('--no-hub');
  if (on && off) return { problem: '--hub and --no-hub exclude each other' };
  const out: HubArgs = {};
  if (on) out.hub = true;
  if (off) out.hub = false;
  const port = flagValue(argv, 'hub-port');
  if (port !== undefined) {
    const p = portOf(port, '--hub-port');
    if (typeof p === 'string') return { problem: p };
    out.port = p;
  }
  const bind = flagValue(argv, 'bind');
  if (bind !== undefined) {
    if (!bind || bind.startsWith('--')) return { problem: '--bind needs an address (for example 0.0.0.0, or this machine\'s plant-network address)' };
    out.bind = bind;
  }
  return out;
}

/**
 * The setting file's text (null: there is none, the usual case). A file that is there but wrong is a
 * problem in words, never silently "not the hub": the plant's consoles would wait for a hub that never comes.
 */
export function parseHubSetting(text: string | null): HubSetting | { problem: string } | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { problem: `${HUB_SETTING_FILE} is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { problem: `${HUB_SETTING_FILE} must be an object such as {"hub": true}` };
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'hub' && k !== 'port' && k !== 'bind') return { problem: `${HUB_SETTING_FILE}: unknown setting "${k}" (known: hub, port, bind)` };
  }
  if (typeof o['hub'] !== 'boolean') return { problem: `${HUB_SETTING_FILE}: "hub" must be true or false` };
  const out: HubSetting = { hub: o['hub'] };
  if (o['port'] !== undefined) {
    const p = typeof o['port'] === 'number' ? portOf(o['port'], `${HUB_SETTING_FILE} "port"`) : `${HUB_SETTING_FILE} "port" must be a number`;
    if (typeof p === 'string') return { problem: p };
    out.port = p;
  }
  if (o['bind'] !== undefined) {
    if (typeof o['bind'] !== 'string' || o['bind'] === '') return { problem: `${HUB_SETTING_FILE} "bind" must be an address such as "0.0.0.0"` };
    out.bind = o['bind'];
  }
  return out;
}

export function decideStartMode(i: {
  attach: AttachArgs | null;
  args: HubArgs | { problem: string };
  setting: HubSetting | { problem: string } | null;
}): StartMode {
  if ('problem' in i.args) return { mode: 'standalone', hubProblem: i.args.problem };
  const args = i.args;
  if (i.attach) {
    if (args.hub === true) return { mode: 'standalone', hubProblem: '--hub and --attach exclude each other: a console is the hub or attaches to one' };
    // An attached console runs no core: the hub setting of this workstation does not apply to it.
    return { mode: 'attach', attach: i.attach };
  }
  if (args.hub === false) return { mode: 'standalone' };
  if (args.hub === true) {
    const s = i.setting && !('problem' in i.setting) ? i.setting : null;
    return { mode: 'hub', port: args.port ?? s?.port ?? DESKTOP_HUB_PORT, bind: args.bind ?? s?.bind ?? DESKTOP_HUB_BIND, from: 'command line' };
  }
  if (i.setting && 'problem' in i.setting) return { mode: 'standalone', hubProblem: i.setting.problem };
  if (i.setting?.hub) return { mode: 'hub', port: args.port ?? i.setting.port ?? DESKTOP_HUB_PORT, bind: args.bind ?? i.setting.bind ?? DESKTOP_HUB_BIND, from: 'setting' };
  if (args.port !== undefined || args.bind !== undefined) return { mode: 'standalone', hubProblem: '--hub-port and --bind apply only to the hub: add --hub' };
  return { mode: 'standalone' };
}

export interface HubNotice {
  level: 'info' | 'error';
  message: string;
}

/** What the window says about the hub this console was designated to be (a `system.notice`). */
export function hubNotice(status: HostHubStatus, say: ShellText = shellText('en')): HubNotice {
  if ('problem' in status) return { level: 'error', message: say('hub.notStarted', { problem: status.problem }) };
  const port = /:(\d+)\//.exec(status.url)?.[1];
  return { level: 'info', message: say('hub.running', { port: port ?? 'none', fingerprint: status.fingerprint }) };
}
