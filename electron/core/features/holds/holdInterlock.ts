import type { InterlockState } from '../../../../shared/domain/hold.ts';
import type { PlantConfig } from '../../../../shared/domain/plantConfig.ts';
import { type Message, msg } from '../../../../shared/i18n/index.ts';
import { explainOpcua } from '../../platform/net/explainFailure.ts';
import type { OpcuaPort } from '../../platform/opcua/opcuaTypes.ts';

export interface InterlockOutcome {
  state: InterlockState;
  /** The controller's and library's words (English, with the OPC UA status): the administrator's detail and the log. */
  message: string | null;
  /** Why it failed, for a person: what happened and what to do (core catalogue), without status codes. */
  msg?: Message;
}

/**
 * Writes a line's hold interlock now and reads it back (the gateway's write does both). Never queued:
 * the outcome goes straight back to the quality lead, with the controller's reason when it failed.
 */
export async function writeInterlock(config: PlantConfig, gateways: ReadonlyMap<string, OpcuaPort>, lineId: string | null, on: boolean): Promise<InterlockOutcome> {
  if (!lineId) return { state: 'not_mapped', message: null };
  const line = config.lines.find((l) => l.id === lineId);
  const tag = line?.tags.holdInterlock;
  if (!line || !tag) return { state: 'not_mapped', message: null };
  const failed: InterlockState = on ? 'failed' : 'clear_failed';
  const gw = gateways.get(line.controllerId);
  if (!gw) return { state: failed, message: `No controller "${line.controllerId}" is configured for ${line.name}`, msg: msg('holds.interlockNoController', { controller: line.controllerId, line: line.name }) };
  const r = await gw.write(tag, on);
  if (r.ok) return { state: on ? 'set' : 'cleared', message: null };
  return { state: failed, message: `${line.name}: ${r.error.message}${r.error.status ? ` (${r.error.status})` : ''}`, msg: explainOpcua(r.error).msg };
}

export const interlockTagOf = (config: PlantConfig, lineId: string | null): string | null =>
  (lineId ? config.lines.find((l) => l.id === lineId)?.tags.holdInterlock : undefined) ?? null;
