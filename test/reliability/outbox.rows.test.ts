import { runT10, runT37, runT4, runT6, runT7, runT8, runT9 } from './outbox/rows.ts';

// The in-process outbox rows at full counts; each prints its `T<n>:` line.
describe('outbox reliability rows', () => {
  it('T4: durability pragmas on every connection', () => {
    const r = runT4();
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  });
  it('T6: 1,000 confirmations, reset after commit on 10 %', async () => {
    const r = await runT6(1000);
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  });
  it('T7: ERP slower than the client timeout, still commits', async () => {
    const r = await runT7(300);
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  });
  it('T8: 20-minute 503/429 outage with Retry-After', async () => {
    const r = await runT8(20, 200);
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  });
  it('T9: permanent business rejection, fixed and resent', async () => {
    const r = await runT9(40);
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  });
  it('T10: a whole shift offline, then everything in order', async () => {
    const r = await runT10(30);
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  });
  it('T37: backup during writes and restore', async () => {
    const r = await runT37(2000);
    console.log(r.line);
    expect(r.pass, r.line).toBe(true);
  });
});
