import fs from 'node:fs';
import path from 'node:path';
import { SessionTable } from '../../../../../electron/core/platform/dispatch/sessions.ts';
import { createResumeFile, RESUME_TOUCH_WRITE_MS } from '../../../../../electron/core/platform/hub/resumeFile.ts';
import { FakeClock, memoryLogger } from '../../../../fixtures/fakePorts.ts';
import { makeTempDir } from '../../../../fixtures/tempDir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const ANNA = { userId: 'demo-anna', displayName: 'Anna Berg', roles: ['supervisor' as const] };

describe('the hub keeps resumable sign-ins across a restart', () => {
  it('a restarted table takes the person back with the same secret, once; the file holds no secret', () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'a-'));
    const clock = new FakeClock(1_000_000);
    const before = new SessionTable(clock, createResumeFile(dir, clock, memoryLogger()));
    const screen = before.open();
    before.setActor(screen, ANNA);
    const secret = before.issueResume(screen)!;
    expect(fs.readFileSync(path.join(dir, 'hub-resume.json'), 'utf8')).not.toContain(secret);

    // The process is killed here: no close, no dispose.
    const after = new SessionTable(clock, createResumeFile(dir, clock, memoryLogger()));
    const reloaded = after.open();
    expect(after.resume(reloaded, secret, clock.now() - 60_000)).toEqual(ANNA);
    // Used up, in the file too: a third start does not take it again.
    const third = new SessionTable(clock, createResumeFile(dir, clock, memoryLogger()));
    expect(third.resume(third.open(), secret, 0)).toBeNull();
  });

  it('the idle lock runs on from the last activity kept; a sign-out forgets the sign-in', () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'b-'));
    const clock = new FakeClock(1_000_000);
    const keeper = createResumeFile(dir, clock, memoryLogger());
    const t = new SessionTable(clock, keeper);
    const screen = t.open();
    t.setActor(screen, ANNA);
    const secret = t.issueResume(screen)!;
    clock.advance(60_000);
    t.touch(screen);
    clock.advance(RESUME_TOUCH_WRITE_MS); // the touch is written
    const restarted = new SessionTable(clock, createResumeFile(dir, clock, memoryLogger()));
    // The activity a minute after the sign-in was kept: idle "since 30 s after the sign-in" still resumes
    // (with only the sign-in time kept it would be refused) …
    expect(restarted.resume(restarted.open(), secret, 1_000_000 + 30_000)).toEqual(ANNA);
    // … and a sign-in idle past the lock is refused after a restart as before it.
    const s3 = restarted.open();
    restarted.setActor(s3, ANNA);
    const secret3 = restarted.issueResume(s3)!;
    const again = new SessionTable(clock, createResumeFile(dir, clock, memoryLogger()));
    expect(again.resume(again.open(), secret3, clock.now())).toBeNull();

    const dir2 = fs.mkdtempSync(path.join(tmp.dir, 'c-'));
    const t2 = new SessionTable(clock, createResumeFile(dir2, clock, memoryLogger()));
    const s2 = t2.open();
    t2.setActor(s2, ANNA);
    const secret2 = t2.issueResume(s2)!;
    t2.signOut(s2);
    const r2 = new SessionTable(clock, createResumeFile(dir2, clock, memoryLogger()));
    expect(r2.resume(r2.open(), secret2, 0)).toBeNull();
  });
});
