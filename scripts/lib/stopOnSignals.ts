/** Ctrl+C or a service manager's SIGTERM: `stop` once (a second signal while stopping does nothing), then exit 0. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const once = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void once());
  process.on('SIGTERM', () => void once());
}
