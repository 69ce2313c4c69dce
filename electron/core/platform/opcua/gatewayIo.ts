import { AttributeIds, DataType, resolveNodeId, type ClientSession, type DataValue } from 'node-opcua-client';
import { errResult, okResult, type Result } from '../../../../shared/result.ts';
import { browseChildren, searchTree, type BrowseContext } from './browse.ts';
import { explainError, explainStatus } from './explain.ts';
import { type GatewayShared, notConnected, resolveTag } from './gatewayState.ts';
import { badValue, mapDataValue } from './mapDataValue.ts';
import type { LiveValue, OpcuaBrowser, OpcuaError } from './opcuaTypes.ts';
import { chunks } from './serverFacts.ts';

/** Reads, writes and browsing on the gateway's live session: each one now, on the session there is, or refused. */

export async function readTags(g: GatewayShared, tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>> {
  const s = g.session;
  if (!s || g.current.phase !== 'connected') return errResult(notConnected(g));
  return readWith(g, s, tagIds);
}

async function readValues(g: GatewayShared, s: ClientSession, nodes: readonly { nodeId: string }[]): Promise<DataValue[]> {
  // Chunked to the server's MaxNodesPerRead (session economy: one session, many small calls).
  const dvs: DataValue[] = [];
  for (const part of chunks(nodes, g.readChunk, g.timing.readChunkSize)) {
    dvs.push(...(await s.read(part.map((x) => ({ nodeId: x.nodeId, attributeId: AttributeIds.Value })), 0)));
  }
  return dvs;
}

async function readWith(g: GatewayShared, s: ClientSession, tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>> {
  const resolved: { tagId: string; nodeId: string }[] = [];
  for (const tagId of tagIds) {
    const r = resolveTag(g, tagId);
    if (!r.ok) return errResult(r.error);
    resolved.push({ tagId, nodeId: r.nodeId });
  }
  if (resolved.length === 0) return okResult([]);
  try {
    const dvs = await readValues(g, s, resolved);
    const unknown = resolved.filter((_, i) => dvs[i]?.statusCode.name === 'BadNodeIdUnknown').map((x) => x.tagId);
    if (unknown.length > 0) {
      return errResult({ code: 'NODE_UNKNOWN', status: 'BadNodeIdUnknown', message: `The controller has no such tag: ${unknown.join(', ')}. Check the tag mapping.` });
    }
    return okResult(resolved.map((x, i) => (dvs[i] ? mapDataValue(x.tagId, dvs[i]) : badValue(x.tagId))));
  } catch (e) {
    return errResult(explainError(e, 'INTERNAL'));
  }
}

/**
 * The re-read of subscribed tags after a gap: a tag the controller does not have (or whose namespace it lacks)
 * comes back Bad with its reason instead of failing the whole read, so one wrongly mapped tag cannot keep the
 * others of its subscription (counters included) from being re-read.
 */
export async function rereadWith(g: GatewayShared, s: ClientSession, tagIds: readonly string[]): Promise<Result<LiveValue[], OpcuaError>> {
  const readable: { tagId: string; nodeId: string }[] = [];
  const values = new Map<string, LiveValue>();
  for (const tagId of tagIds) {
    const r = resolveTag(g, tagId);
    if (r.ok) readable.push({ tagId, nodeId: r.nodeId });
    else values.set(tagId, badValue(tagId, r.error.message));
  }
  try {
    const dvs = await readValues(g, s, readable);
    readable.forEach((x, i) => {
      const dv = dvs[i];
      if (!dv) values.set(x.tagId, badValue(x.tagId));
      else if (dv.statusCode.name === 'BadNodeIdUnknown') values.set(x.tagId, badValue(x.tagId, `${explainStatus('BadNodeIdUnknown').message} (${x.tagId})`));
      else values.set(x.tagId, mapDataValue(x.tagId, dv));
    });
  } catch (e) {
    return errResult(explainError(e, 'INTERNAL'));
  }
  return okResult(tagIds.map((t) => values.get(t) ?? badValue(t)));
}

/** Never queued: written now, read back, or refused with the reason. */
export async function writeTag(g: GatewayShared, tagId: string, value: boolean | number): Promise<Result<void, OpcuaError>> {
  const s = g.session;
  if (!s || g.current.phase !== 'connected') return errResult(notConnected(g));
  const r = resolveTag(g, tagId);
  if (!r.ok) return errResult(r.error);
  const fail = (message: string, status?: string): Result<void, OpcuaError> => errResult(status ? { code: 'WRITE_FAILED', message, status } : { code: 'WRITE_FAILED', message });
  try {
    let dataType: DataType;
    if (typeof value === 'boolean') dataType = DataType.Boolean;
    else {
      const dv = await s.read({ nodeId: r.nodeId, attributeId: AttributeIds.DataType });
      if (dv.statusCode.isNotGood()) return fail(`Writing ${tagId} failed: ${explainStatus(dv.statusCode.name).message}`, dv.statusCode.name);
      dataType = await s.getBuiltInDataType(resolveNodeId(r.nodeId));
      if (!isNumericType(dataType)) return fail(`Writing ${tagId} failed: the tag is of type ${DataType[dataType]}, not a number.`);
    }
    const sc = await s.write({ nodeId: r.nodeId, attributeId: AttributeIds.Value, value: { value: { dataType, value } } });
    if (sc.isNotGood()) return fail(`Writing ${tagId} failed: ${explainStatus(sc.name).message}`, sc.name);
    const back = await s.read({ nodeId: r.nodeId, attributeId: AttributeIds.Value }, 0);
    if (back.statusCode.isNotGood()) return fail(`Wrote ${tagId} but could not read it back: ${explainStatus(back.statusCode.name).message}`, back.statusCode.name);
    if (back.value.value !== value) return fail(`Wrote ${String(value)} to ${tagId} but the controller now shows ${String(back.value.value)}.`);
    g.log.info('Wrote tag', { tagId, value });
    return okResult(undefined);
  } catch (e) {
    const error = explainError(e, 'WRITE_FAILED');
    return fail(`Writing ${tagId} failed: ${error.message}`, error.status);
  }
}

function isNumericType(t: DataType): boolean {
  return [DataType.SByte, DataType.Byte, DataType.Int16, DataType.UInt16, DataType.Int32, DataType.UInt32, DataType.Float, DataType.Double].includes(t);
}

/** Browse and search for the commissioning screens, on the live session. */
export function createBrowser(g: GatewayShared): OpcuaBrowser {
  const browseContext = (): BrowseContext | null => {
    const s = g.session;
    if (!s || g.current.phase !== 'connected') return null;
    return { session: s, namespaceArray: g.namespaceArray, maxNodesPerBrowse: g.facts?.maxNodesPerBrowse ?? 0, maxNodesPerRead: g.facts?.maxNodesPerRead ?? 0 };
  };

  const startNode = (nodeRef: string | null | undefined): Result<string | null, OpcuaError> => {
    if (!nodeRef) return okResult(null);
    const r = resolveTag(g, nodeRef);
    return r.ok ? okResult(r.nodeId) : errResult(r.error);
  };

  return {
    async browse(nodeRef) {
      const ctx = browseContext();
      if (!ctx) return errResult(notConnected(g));
      const from = startNode(nodeRef);
      if (!from.ok) return from;
      try {
        return okResult(await browseChildren(ctx, from.value === null ? null : resolveNodeId(from.value)));
      } catch (e) {
        return errResult(explainError(e, 'INTERNAL'));
      }
    },
    async search(text, opts = {}) {
      const ctx = browseContext();
      if (!ctx) return errResult(notConnected(g));
      const from = startNode(opts.from);
      if (!from.ok) return from;
      try {
        return okResult(await searchTree(ctx, from.value === null ? null : resolveNodeId(from.value), text, opts.maxDepth ?? 8, opts.maxResults ?? 200));
      } catch (e) {
        return errResult(explainError(e, 'INTERNAL'));
      }
    },
  };
}
