import { msg } from '../../../../shared/i18n/index.ts';
import { type Explained, failureCode, httpKey, netKey } from '../net/explainFailure.ts';
import type { OutboxError } from './outboxTypes.ts';

/**
 * An outbox item's last error as a person reads it (the Outbox screen, in the reader's language): what
 * happened and what they can do, from the error's class, HTTP status and socket code, which the item keeps
 * (last_error JSON) so an item stored before this existed reads the same way. The adapter's English text
 * and codes stay apart as `technical` (the administrator's "Details"). A reason the console wrote itself
 * carries its own message (`error.msg`), which wins.
 *
 * `target` is the item's target ('erp', 'cmms'): the catalogue words it ("the ERP" / "das ERP").
 */
export function explainOutboxError(e: OutboxError, target: string): Explained {
  const technical = [e.message, e.httpStatus ? `HTTP ${e.httpStatus}` : null, e.code].filter(Boolean).join(' · ').slice(0, 4000);
  if (e.msg) return { msg: e.msg, technical };
  // The console's own set-up reasons (ERP/CMMS adapters: no secret stored, no secret store), in words; the
  // secret's name and the adapter's English text stay in `technical`.
  if (e.class === 'config' && /^no .+ stored under "[^"]*"/.test(e.message)) return { msg: msg('remote.noCredentials', { target }), technical };
  if (e.class === 'config' && e.message === 'the secret store is not available') return { msg: msg('remote.noSecretStore', { target }), technical };
  const code = failureCode({ message: e.message }) ?? (e.code && netKey(e.code) ? e.code : null);
  const net = code ? netKey(code) : null;
  const http = e.httpStatus ? httpKey(e.httpStatus) : null;
  // The remote system's own words (with sap-language they come in the person's language), without our prefixes.
  const text = e.message.replace(/^(ERP|CMMS) not reachable: /, '').replace(/^sent, but /, '').slice(0, 600);
  switch (e.class) {
    case 'business':
      return { msg: msg('remote.rejected', { target, text }), technical };
    case 'config':
      if (http === 'remote.signInRefused' || http === 'remote.forbidden') return { msg: msg(http, { target }), technical };
      if (net) return { msg: msg(net, { target }), technical };
      return { msg: msg('remote.setup', { target, text }), technical };
    case 'unknown':
      if (net || !e.httpStatus) return { msg: msg('net.noAnswer', { target }), technical };
      return { msg: msg('remote.unknownOutcome', { target, text }), technical };
    case 'transient':
      if (net) return { msg: msg(net, { target }), technical };
      if (http) return { msg: msg(http, { target }), technical };
      return { msg: msg('remote.retryLater', { target, text }), technical };
  }
}
