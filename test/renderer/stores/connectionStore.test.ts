import {
  applyBridgeStatus,
  applyConnectionStates,
  connectionStore,
  initialConnectionState,
  reduceConnectionStates,
  selectAnyInsecure,
  selectBridgeOpen,
  selectController,
  selectControllerIds,
} from '../../../renderer/stores/connectionStore.ts';
import { aController, connectionStates } from '../fixtures.ts';

describe('connectionStore', () => {
  beforeEach(() => connectionStore.setState(initialConnectionState, true));

  it('takes every controller of a message', () => {
    const s = reduceConnectionStates(initialConnectionState, connectionStates(5, [aController(), aController({ controllerId: 'plc-2', link: 'reconnecting' })]));
    expect(selectControllerIds(s)).toEqual(['plc-1', 'plc-2']);
    expect(selectController('plc-2')(s)?.link).toBe('reconnecting');
  });

  it('says when any controller runs without security', () => {
    const secure = reduceConnectionStates(initialConnectionState, connectionStates(1, [aController()]));
    expect(selectAnyInsecure(secure)).toBe(false);
    const insecure = reduceConnectionStates(secure, connectionStates(2, [aController(), aController({ controllerId: 'x', insecure: true })]));
    expect(selectAnyInsecure(insecure)).toBe(true);
  });

  it('drops an older message', () => {
    const s1 = reduceConnectionStates(initialConnectionState, connectionStates(10, [aController({ link: 'disconnected' })]));
    expect(reduceConnectionStates(s1, connectionStates(9, [aController()]))).toBe(s1);
  });

  it('keeps the bridge status apart from the controllers', () => {
    applyBridgeStatus({ link: 'reconnecting', since: 3, attempt: 2, lastError: 'dropped' });
    applyConnectionStates(connectionStates(1, [aController()]));
    const s = connectionStore.getState();
    expect(s.bridge.link).toBe('reconnecting');
    expect(selectBridgeOpen(s)).toBe(false);
    expect(s.controllerIds).toEqual(['plc-1']);
  });
});
