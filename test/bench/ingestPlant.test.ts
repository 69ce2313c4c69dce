// The ingest bench compares the console with a bare client "with the same subscription parameters": the
// sampling interval the console's line feed asks for (from the bench plant's configuration) must be the one
// the bare client asks for. The plant left it out, so the console sampled at the publishing interval (100 ms)
// while the bare client took every change: in one run 8,900 against 41,000–65,000 notifications a second.
import { describe, expect, it } from 'vitest';
import { parsePlantConfig } from '../../electron/core/platform/config/loadPlantConfig.ts';
import { samplingIntervalOf } from '../../electron/core/platform/linefeed/lineFeed.ts';
import { QUEUE_SIZE } from '../../electron/core/platform/opcua/gatewayTiming.ts';
import { INGEST_QUEUE_SIZE, INGEST_SAMPLING_MS, ingestPlantConfig } from './ingestPlant.ts';

describe('ingest bench plant', () => {
  it.each([
    [1000, 10],
    [5000, 100],
  ])('%i items × %i ms: the console samples as the bare client does, with its queue size', (items, tickMs) => {
    const parsed = parsePlantConfig('bench.json', JSON.stringify(ingestPlantConfig('opc.tcp://127.0.0.1:4840/UA/Ingest', items, 100, tickMs)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.lines).toHaveLength(items / 10);
    expect(samplingIntervalOf(parsed.value.controllers[0]!)).toBe(INGEST_SAMPLING_MS);
    expect(INGEST_QUEUE_SIZE).toBe(QUEUE_SIZE);
  });
});
