// Compile-time tests of the typed client: `npm run typecheck` fails if any @ts-expect-error stops erroring.
import { createClient } from '../../../shared/contract/client.ts';

const client = createClient({ invoke: async () => ({ ok: true, value: null }), on: () => () => {} });

export async function typedClientChecks(): Promise<void> {
  const info = await client.invoke('system.info', {});
  if (info.ok) info.value.plantName.toUpperCase();
  // @ts-expect-error: a misspelt command is a type error
  await client.invoke('system.infos', {});
  // @ts-expect-error: a payload of the wrong shape is a type error
  await client.invoke('lines.list', { lineId: 3 });
  client.on('live.lines', (msg) => msg.lines.map((l) => l.good.value));
  // @ts-expect-error: an unknown stream is a type error
  client.on('live.line', () => {});
}
