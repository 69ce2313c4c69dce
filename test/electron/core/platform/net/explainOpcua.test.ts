import { explainOpcua } from '../../../../../electron/core/platform/net/explainFailure.ts';
import { explainStatus } from '../../../../../electron/core/platform/opcua/explain.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';

// Issue 18: OPC UA status codes of a write (OPC 10000-4 §7.39) in words, the status itself only in the technical detail.
describe('OPC UA write status codes for a person', () => {
  const write = (status: string) => ({ code: 'WRITE_FAILED', message: `Writing Line1.HoldInterlock failed: ${explainStatus(status).message}`, status });

  it.each([
    ['BadUserAccessDenied', 'opcua.userAccessDenied', /erlaubt dem Benutzer der Konsole das nicht/],
    ['BadNotWritable', 'opcua.notWritable', /nur lesbar/],
    ['BadTimeout', 'opcua.timeout', /nicht rechtzeitig geantwortet/],
    ['BadNotConnected', 'opcua.notConnected', /nicht mit dieser Steuerung verbunden/],
    ['BadTypeMismatch', 'opcua.typeMismatch', /andere Art von Wert/],
    ['BadOutOfRange', 'opcua.outOfRange', /außerhalb des zulässigen Bereichs/],
  ])('%s: %s, said in German without the code', (status, key, german) => {
    const x = explainOpcua(write(status));
    expect(x.msg.key).toBe(key);
    const text = renderMessage(x.msg, 'de')!;
    expect(text).toMatch(german);
    expect(text).not.toMatch(/Bad[A-Z]|HoldInterlock/);
    expect(x.technical).toContain(status);
  });

  it('a refused write for the user is not a refused login (it used to read "check the user name and password")', () => {
    expect(renderMessage(explainOpcua(write('BadUserAccessDenied')).msg, 'en')).not.toMatch(/password/);
    expect(renderMessage(explainOpcua(write('BadNotWritable')).msg, 'en')).not.toMatch(/password/);
  });

  it('without a status the error code decides, as before', () => {
    expect(explainOpcua({ code: 'NOT_CONNECTED', message: 'The controller is not connected.' }).msg.key).toBe('opcua.notConnected');
    expect(explainOpcua({ code: 'WRITE_FAILED', message: 'Wrote true but the controller now shows false.' }).msg.key).toBe('opcua.writeFailed');
  });
});
