import { explainOutboxError } from '../../../../../electron/core/platform/outbox/outboxErrorText.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';

// Issue 18: the console's own set-up reasons (the adapters' English "no … stored under …") read in words in
// the person's language; the secret's name and the English text only in the technical detail.
describe('outbox set-up reasons in words', () => {
  it('no stored sign-in for the CMMS or the ERP', () => {
    for (const [target, message] of [
      ['cmms', 'no ServiceNow credentials stored under "cmms-demo"; enter them in settings'],
      ['erp', 'no ERP API key stored under "erp"; enter it in settings'],
    ] as const) {
      const x = explainOutboxError({ class: 'config', message }, target);
      expect(x.msg.key).toBe('remote.noCredentials');
      const de = renderMessage(x.msg, 'de')!;
      expect(de).toMatch(target === 'cmms' ? /^Für das CMMS ist auf dieser Konsole noch keine Anmeldung gespeichert/ : /^Für das ERP/);
      expect(de).not.toMatch(/stored|settings|cmms-demo/);
      expect(x.technical).toContain(message);
    }
  });

  it('no secret store', () => {
    expect(explainOutboxError({ class: 'config', message: 'the secret store is not available' }, 'erp').msg.key).toBe('remote.noSecretStore');
  });

  it('a remote system\'s own refusal still comes with its words', () => {
    expect(explainOutboxError({ class: 'business', message: 'Material 4711 is blocked' }, 'erp').msg).toEqual({ key: 'remote.rejected', params: { target: 'erp', text: 'Material 4711 is blocked' } });
  });
});
