import { runT21 } from '../../../../reliability/T21.reconnectActiveAlarms.row.ts';

describe('T21 (reduced): reconnect with active alarms', () => {
  it('after a short break and a controller restart, ConditionRefresh leaves the list equal to the server’s (10 alarms)', async () => {
    const r = await runT21(10);
    console.log(r.line);
    if (r.details.length > 0) console.log(r.details.join('\n'));
    expect(r.mismatches).toBe(0);
    expect(r.phantomAcks).toBe(0);
  }, 120_000);
});
