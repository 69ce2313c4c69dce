/**
 * Plain key lists for the preload, which must not bundle zod. A test keeps these equal to the
 * contract's tables, so adding a command without listing it here fails `npm test`.
 */
export const WIRE_PREFIX = 'plant:';

export const COMMAND_KEYS = [
  'system.info',
  'session.current',
  'lines.list',
  'lines.snapshot',
  'connection.list',
] as const;

export const STREAM_KEYS = ['system.notice', 'live.lines', 'connection.state'] as const;
