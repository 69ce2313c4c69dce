import { parseServeArgs, SERVE_USAGE } from '../../../../../electron/core/platform/serve/serveArgs.ts';

describe('serve --kiosk', () => {
  it('is off by default, on with --kiosk, and described in the usage text', () => {
    expect(parseServeArgs([]).kiosk).toBe(false);
    expect(parseServeArgs(['--kiosk']).kiosk).toBe(true);
    expect(SERVE_USAGE).toMatch(/--kiosk\s+wall board/);
  });
  it('takes no value', () => {
    expect(() => parseServeArgs(['--kiosk=yes'])).toThrow();
  });
});
