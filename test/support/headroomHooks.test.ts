// The setup file test/support/headroomHooks.ts (on for this project in vitest.config.ts): each hook's time is
// kept beside its timeout, its own or the project's, in the meta of the suite (…All) or the test (…Each)
// it ran for, where the headroom reporter reads it.
describe('hook timings for the headroom list', () => {
  beforeAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }, 5_000);
  beforeEach(() => {});

  it('keeps a beforeAll with its own timeout on its suite and a beforeEach with the project timeout on its test', ({ task }) => {
    const all = task.suite?.meta.hookTimings ?? [];
    expect(all).toEqual([expect.objectContaining({ hook: 'beforeAll', timeout: 5_000 })]);
    expect(all[0]!.ms).toBeGreaterThanOrEqual(40);
    expect(task.meta.hookTimings).toEqual([expect.objectContaining({ hook: 'beforeEach', timeout: 30_000 })]);
  });
});
