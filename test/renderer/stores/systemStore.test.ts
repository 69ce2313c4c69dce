import { ANONYMOUS_VIEWER } from '../../../shared/domain/actor.ts';
import {
  MAX_NOTICES,
  applyDismissNotice,
  applyNotice,
  initialSystemState,
  reduceNotice,
  reduceSession,
  reduceSystemInfo,
  selectActorLabel,
  selectMode,
  selectNotices,
  selectPlantName,
  systemStore,
} from '../../../renderer/stores/systemStore.ts';

describe('systemStore', () => {
  beforeEach(() => systemStore.setState(initialSystemState, true));

  it('reads plant name and mode from system.info', () => {
    const s = reduceSystemInfo(initialSystemState, {
      productName: 'Plant Operations Console',
      version: '0.1.0',
      plantId: 'demo',
      plantName: 'Demo Plant',
      mode: 'demo',
      timeZone: 'Europe/Berlin',
      startedAt: 1,
      host: 'serve',
    });
    expect(selectPlantName(s)).toBe('Demo Plant');
    expect(selectMode(s)).toBe('demo');
    expect(selectPlantName(initialSystemState)).toBe('');
    expect(selectMode(initialSystemState)).toBeNull();
  });

  it('labels the signed-in actor', () => {
    expect(selectActorLabel(reduceSession(initialSystemState, ANONYMOUS_VIEWER))).toBe('Viewer');
    expect(selectActorLabel(reduceSession(initialSystemState, { userId: 'u1', displayName: 'Anna Weber', roles: ['supervisor'] }))).toBe(
      'Anna Weber · Shift supervisor',
    );
  });

  it('keeps notices newest first and bounded', () => {
    let s = initialSystemState;
    for (let i = 0; i < MAX_NOTICES + 5; i++) s = reduceNotice(s, { at: i, level: 'info', message: `n${i}` }, 'core');
    const notices = selectNotices(s);
    expect(notices).toHaveLength(MAX_NOTICES);
    expect(notices[0]?.message).toBe(`n${MAX_NOTICES + 4}`);
  });

  it('dismisses one notice by id', () => {
    applyNotice({ at: 1, level: 'warning', message: 'a' });
    applyNotice({ at: 2, level: 'error', message: 'b' }, 'console');
    const [b, a] = systemStore.getState().notices;
    expect(b?.source).toBe('console');
    applyDismissNotice(b!.id);
    expect(systemStore.getState().notices).toEqual([a]);
  });
});
