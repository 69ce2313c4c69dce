// A start-up that dies natively inside a module (as a segfault in a native addon would): it records its
// stage as the core does, then the process is killed with SIGKILL, so nothing after it runs.
import { StartAttempts } from '../../../../../electron/core/platform/host/startAttempts.ts';

const [dataDir, version] = process.argv.slice(2) as [string, string];
const attempts = new StartAttempts(dataDir, version, () => Date.now());
attempts.settleUnfinished();
attempts.begin();
attempts.stage('creating the module Alerts and cases', 'Alerts and cases');
process.kill(process.pid, 'SIGKILL');
