import { createLogger, maskInline } from '../../../../../electron/core/platform/logging/createLogger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', sink: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  return { lines, logger };
}

describe('logger', () => {
  it('writes structured JSON lines with level, time and fields', () => {
    const { lines, logger } = capture();
    logger.child({ component: 'outbox' }).info('Batch sent', { count: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'Batch sent', count: 3, component: 'outbox' });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('masks secret fields at any depth we know and secrets inside free text', () => {
    const { lines, logger } = capture();
    logger.warn('Login to ERP with password=hunter2 failed', {
      password: 'hunter2',
      request: { headers: { authorization: 'Basic dXNlcjpodW50ZXIy' }, token: 'abc' },
      note: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('dXNlcjpodW50ZXIy');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).not.toContain('"abc"');
    expect(lines[0]).toMatchObject({ password: '***', msg: 'Login to ERP with password=*** failed' });
  });

  it('masks inline credentials in their common spellings', () => {
    expect(maskInline('pin: 1234 and token="a b" and apiKey=xyz&x=1')).toBe('pin: *** and token=*** and apiKey=***&x=1');
  });
});
