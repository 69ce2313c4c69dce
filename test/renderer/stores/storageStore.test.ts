import { initialStorageState, reduceStorageStatus, selectStorageProblem } from '../../../renderer/stores/storageStore.ts';

describe('storageStore', () => {
  it('shows a storage problem until the core says it is over, and ignores an older message arriving late', () => {
    const full = reduceStorageStatus(initialStorageState, { at: 10, state: 'full', message: 'The disk is full at /data: 3 MB needed.' });
    expect(selectStorageProblem(full)?.message).toBe('The disk is full at /data: 3 MB needed.');
    const ok = reduceStorageStatus(full, { at: 20, state: 'ok', message: null });
    expect(selectStorageProblem(ok)).toBeNull();
    expect(selectStorageProblem(reduceStorageStatus(ok, { at: 15, state: 'full', message: 'late' }))).toBeNull();
  });
});
