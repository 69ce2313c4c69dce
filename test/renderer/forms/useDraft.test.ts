import { overlay } from '../../../renderer/forms/useDraft.ts';

describe('a form draft over what the core holds', () => {
  const empty = { idleLockMinutes: '', lockoutThreshold: '' };

  it('shows the core’s value in every field the person has not typed into', () => {
    expect(overlay({ idleLockMinutes: '15', lockoutThreshold: '5' }, empty, {})).toEqual({ idleLockMinutes: '15', lockoutThreshold: '5' });
    expect(overlay(null, empty, {})).toEqual(empty);
  });

  it('keeps what the person typed when the core’s value arrives or changes afterwards (a reload on a change of person)', () => {
    const typed = { idleLockMinutes: '7' };
    expect(overlay(null, empty, typed)).toEqual({ idleLockMinutes: '7', lockoutThreshold: '' });
    expect(overlay({ idleLockMinutes: '15', lockoutThreshold: '5' }, empty, typed)).toEqual({ idleLockMinutes: '7', lockoutThreshold: '5' });
  });
});
