import { runT21 } from './T21.reconnectActiveAlarms.row.ts';

// T21 (matrix §3.3): 50 active alarms, a short break (proxy down) and a controller restart; after each
// ConditionRefresh the console's list must equal the server's, with no phantom acknowledgement.
it('T21: reconnect with 50 active alarms leaves 0 mismatches after ConditionRefresh', async () => {
  const r = await runT21(50);
  console.log(r.line);
  if (r.details.length > 0) console.log(r.details.slice(0, 40).join('\n'));
  expect(r.mismatches).toBe(0);
  expect(r.phantomAcks).toBe(0);
});
