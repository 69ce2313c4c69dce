import { decideStartMode, hubNotice, parseHubArgv, parseHubSetting } from '../../../electron/main/policy/hubMode.ts';

// docs/hub.md "A desktop console as the hub": which mode a desktop start runs in.
describe('desktop --hub and the hub setting (policy/hubMode.ts)', () => {
  it('reads --hub, --no-hub, --hub-port and --bind in both spellings; bad values come back in words', () => {
    expect(parseHubArgv(['electron', '.'])).toEqual({});
    expect(parseHubArgv(['app', '--hub'])).toEqual({ hub: true });
    expect(parseHubArgv(['app', '--hub', '--hub-port=9443', '--bind', '10.0.0.5'])).toEqual({ hub: true, port: 9443, bind: '10.0.0.5' });
    expect(parseHubArgv(['app', '--no-hub'])).toEqual({ hub: false });
    expect(parseHubArgv(['app', '--hub', '--no-hub'])).toEqual({ problem: expect.stringContaining('exclude each other') });
    expect(parseHubArgv(['app', '--hub', '--hub-port', '70000'])).toEqual({ problem: expect.stringContaining('1 to 65535') });
    expect(parseHubArgv(['app', '--hub', '--hub-port', '84x3'])).toEqual({ problem: expect.stringContaining('"84x3"') });
    expect(parseHubArgv(['app', '--hub', '--bind'])).toEqual({ problem: expect.stringContaining('--bind needs an address') });
    expect(parseHubArgv(['app', '--hub', '--bind', '--no-sandbox'])).toEqual({ problem: expect.stringContaining('--bind needs an address') });
  });

  it('reads the administrator\'s setting file; no file is not the hub, a wrong file is a problem, never a silent "no"', () => {
    expect(parseHubSetting(null)).toBeNull();
    expect(parseHubSetting('{"hub": true}')).toEqual({ hub: true });
    expect(parseHubSetting('{"hub": true, "port": 9443, "bind": "10.0.0.5"}')).toEqual({ hub: true, port: 9443, bind: '10.0.0.5' });
    expect(parseHubSetting('{"hub": false}')).toEqual({ hub: false });
    expect(parseHubSetting('{hub: true}')).toEqual({ problem: expect.stringContaining('not valid JSON') });
    expect(parseHubSetting('true')).toEqual({ problem: expect.stringContaining('must be an object') });
    expect(parseHubSetting('{"hub": "yes"}')).toEqual({ problem: expect.stringContaining('"hub" must be true or false') });
    expect(parseHubSetting('{"hub": true, "prot": 9443}')).toEqual({ problem: expect.stringContaining('unknown setting "prot"') });
    expect(parseHubSetting('{"hub": true, "port": "9443"}')).toEqual({ problem: expect.stringContaining('"port" must be a number') });
    expect(parseHubSetting('{"hub": true, "port": 0}')).toEqual({ problem: expect.stringContaining('1 to 65535') });
    expect(parseHubSetting('{"hub": true, "bind": ""}')).toEqual({ problem: expect.stringContaining('"bind" must be an address') });
  });

  it('decides the mode: standalone by default, the hub from the command line or the setting, attach wins over the setting', () => {
    const none = { attach: null, args: {}, setting: null };
    expect(decideStartMode(none)).toEqual({ mode: 'standalone' });
    expect(decideStartMode({ ...none, args: { hub: true } })).toEqual({ mode: 'hub', port: 8443, bind: '0.0.0.0', from: 'command line' });
    expect(decideStartMode({ ...none, setting: { hub: true, port: 9443 } })).toEqual({ mode: 'hub', port: 9443, bind: '0.0.0.0', from: 'setting' });
    expect(decideStartMode({ ...none, setting: { hub: false } })).toEqual({ mode: 'standalone' });
    // The command line wins over the setting for port and bind.
    expect(decideStartMode({ ...none, args: { port: 9000 }, setting: { hub: true, port: 9443, bind: '10.0.0.5' } })).toEqual({ mode: 'hub', port: 9000, bind: '10.0.0.5', from: 'setting' });
    // --no-hub: a designated console started once without the hub (maintenance).
    expect(decideStartMode({ ...none, args: { hub: false }, setting: { hub: true } })).toEqual({ mode: 'standalone' });
    // --hub overrides a broken setting file; without --hub the broken file is said, and the console runs standalone.
    expect(decideStartMode({ ...none, args: { hub: true }, setting: { problem: 'bad file' } })).toMatchObject({ mode: 'hub', from: 'command line' });
    expect(decideStartMode({ ...none, setting: { problem: 'bad file' } })).toEqual({ mode: 'standalone', hubProblem: 'bad file' });
    expect(decideStartMode({ ...none, args: { problem: 'bad port' } })).toEqual({ mode: 'standalone', hubProblem: 'bad port' });
    expect(decideStartMode({ ...none, args: { port: 9000 } })).toEqual({ mode: 'standalone', hubProblem: expect.stringContaining('add --hub') });
    // An attached console runs no core: this workstation's hub setting does not apply; --hub with --attach is refused.
    const attach = { hubUrl: 'https://hub:8443' };
    expect(decideStartMode({ attach, args: {}, setting: { hub: true } })).toEqual({ mode: 'attach', attach });
    expect(decideStartMode({ attach, args: { hub: true }, setting: null })).toEqual({ mode: 'standalone', hubProblem: expect.stringContaining('--hub and --attach exclude each other') });
  });

  it('says what became of the hub in plain words, with the fingerprint to compare', () => {
    expect(hubNotice({ fingerprint: 'AB:CD', url: 'https://0.0.0.0:8443/?token=t' })).toEqual({ level: 'info', message: expect.stringMatching(/plant hub \(port 8443\).*AB:CD.*Settings → Devices.*stops when this console is closed/) });
    expect(hubNotice({ problem: 'The data folder is read-only.' })).toEqual({ level: 'error', message: 'The plant hub was not started on this console: The data folder is read-only.' });
  });
});
