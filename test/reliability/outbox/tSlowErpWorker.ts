// T-slowERP child: the ERP outbox exactly as startCore builds it (createErpOutbox: the configured
// connector, the holds' kinds registered on the ERP target of the one engine), against the SAP sandbox,
// on the console's database. Exits 0 once nothing is owed to the ERP; the parent kills it with SIGKILL mid-flight.
import fs from 'node:fs';
import { erpTimingProblems } from '../../../electron/core/platform/config/loadPlantConfig.ts';
import { systemClock } from '../../../electron/core/platform/ports/nodePorts.ts';
import { createErpOutbox } from '../../../electron/core/features/outbox/index.ts';
import { openDatabase } from '../../../electron/core/platform/storage/db.ts';
import { PlantConfig } from '../../../shared/domain/plantConfig.ts';
import { okResult } from '../../../shared/result.ts';

const [file, url, erpJson] = process.argv.slice(2) as [string, string, string];
const opened = openDatabase(file);
if (!opened.ok) process.exit(3);
const db = opened.db;
const raw = JSON.parse(fs.readFileSync(new URL('../../../resources/demo-plant.json', import.meta.url), 'utf8')) as { erp: Record<string, unknown> };
const config = PlantConfig.parse({ ...raw, erp: { ...raw.erp, baseUrl: url, ...(JSON.parse(erpJson) as object) } });
const timing = erpTimingProblems(config);
if (timing.length > 0) {
  process.stderr.write(`${timing.map((p) => `${p.path}: ${p.message}`).join('\n')}\n`);
  process.exit(4);
}
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const { hub } = createErpOutbox({
  db,
  clock: systemClock,
  online: { isOnline: () => true, onDidChange: () => ({ dispose() {} }) },
  logger: quiet,
  notifier: { notify() {} },
  secrets: { read: async () => okResult('CONSOLE:demo'), write: async () => okResult(undefined), describe: () => 'test' },
  erp: config.erp,
});
hub.start();
const open = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state <> 'done' AND state IN ('queued', 'sending', 'needs_check')`).pluck();
while ((open.get() as number) > 0) await new Promise((r) => setTimeout(r, 100));
hub.dispose();
db.close();
process.exit(0);
