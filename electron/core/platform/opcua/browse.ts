import { AttributeIds, BrowseDirection, DataType, NodeClass, ObjectIds, resolveNodeId, type ClientSession, type NodeId, type ReferenceDescription, type BrowseResult } from 'node-opcua-client';
import type { BrowsedNode } from './opcuaTypes.ts';
import { chunks } from './serverFacts.ts';

/**
 * Address-space browsing for the commissioning screen (opcua-notes §5): hierarchical references forward,
 * node ids returned in the `nsu=` form a mapping stores. Calls are chunked to the server's MaxNodesPerBrowse.
 */

export interface BrowseContext {
  session: ClientSession;
  /** The server's NamespaceArray (index → URI) as read at this connect. */
  namespaceArray: readonly string[];
  maxNodesPerBrowse: number;
  maxNodesPerRead: number;
}

const HIERARCHICAL = resolveNodeId('HierarchicalReferences');
const ACCESS_READ = 0x01;
const ACCESS_WRITE = 0x02;

export function toNodeRef(nodeId: NodeId, namespaceArray: readonly string[]): string {
  const uri = namespaceArray[nodeId.namespace] ?? `urn:unknown-namespace:${nodeId.namespace}`;
  const s = nodeId.toString();
  const id = s.replace(/^ns=\d+;/, '');
  return `nsu=${uri};${id}`;
}

async function browseMany(ctx: BrowseContext, nodeIds: readonly NodeId[]): Promise<ReferenceDescription[][]> {
  const out: ReferenceDescription[][] = [];
  for (const chunk of chunks(nodeIds, ctx.maxNodesPerBrowse, 100)) {
    const results = await ctx.session.browse(
      chunk.map((nodeId) => ({
        nodeId,
        referenceTypeId: HIERARCHICAL,
        includeSubtypes: true,
        browseDirection: BrowseDirection.Forward,
        nodeClassMask: 0,
        resultMask: 0x3f,
      })),
    );
    for (const r of results) {
      const refs = [...(r.references ?? [])];
      // Continuation points: the server may split a long list; follow them so nothing is silently missing.
      let cp: Buffer | null = r.continuationPoint ?? null;
      while (cp && cp.length > 0) {
        const next: BrowseResult[] = await ctx.session.browseNext([cp], false);
        const n: BrowseResult | undefined = next[0];
        refs.push(...(n?.references ?? []));
        cp = n?.continuationPoint ?? null;
      }
      out.push(refs);
    }
  }
  return out;
}

export async function browseChildren(ctx: BrowseContext, parent: NodeId | null): Promise<BrowsedNode[]> {
  const start = parent ?? resolveNodeId(ObjectIds.ObjectsFolder);
  const [refs = []] = await browseMany(ctx, [start]);
  return describe(ctx, refs);
}

async function describe(ctx: BrowseContext, refs: readonly ReferenceDescription[]): Promise<BrowsedNode[]> {
  const vars = refs.filter((r) => r.nodeClass === NodeClass.Variable).map((r) => r.nodeId as unknown as NodeId);
  const attrs = new Map<string, { dataType: string | null; access: BrowsedNode['access'] }>();
  for (const chunk of chunks(vars, ctx.maxNodesPerRead, 500)) {
    const dvs = await ctx.session.read(chunk.flatMap((nodeId) => [{ nodeId, attributeId: AttributeIds.DataType }, { nodeId, attributeId: AttributeIds.UserAccessLevel }]));
    chunk.forEach((nodeId, i) => {
      const dt = dvs[2 * i];
      const al = dvs[2 * i + 1];
      const dtId = dt?.statusCode.isGood() ? (dt.value.value as NodeId | null) : null;
      const level = al?.statusCode.isGood() && typeof al.value.value === 'number' ? al.value.value : null;
      attrs.set(nodeId.toString(), { dataType: dataTypeName(dtId), access: accessOf(level) });
    });
  }
  // Variables can have children (e.g. Machinery CurrentState/Id): ask once for all of them.
  const varChildren = vars.length > 0 ? await browseMany(ctx, vars) : [];
  const varHasChildren = new Map(vars.map((v, i) => [v.toString(), (varChildren[i]?.length ?? 0) > 0]));
  return refs.map((r) => {
    const nodeId = r.nodeId as unknown as NodeId;
    const key = nodeId.toString();
    const isVar = r.nodeClass === NodeClass.Variable;
    return {
      nodeRef: toNodeRef(nodeId, ctx.namespaceArray),
      browseName: r.browseName?.name ?? '',
      displayName: r.displayName?.text ?? r.browseName?.name ?? '',
      nodeClass: (NodeClass[r.nodeClass] ?? 'Unspecified') as BrowsedNode['nodeClass'],
      dataType: isVar ? (attrs.get(key)?.dataType ?? null) : null,
      access: isVar ? (attrs.get(key)?.access ?? 'none') : null,
      hasChildren: isVar ? (varHasChildren.get(key) ?? false) : r.nodeClass === NodeClass.Object || r.nodeClass === NodeClass.View,
    };
  });
}

export async function searchTree(
  ctx: BrowseContext,
  from: NodeId | null,
  text: string,
  maxDepth: number,
  maxResults: number,
): Promise<(BrowsedNode & { path: string[] })[]> {
  const needle = text.trim().toLowerCase();
  const found: (BrowsedNode & { path: string[] })[] = [];
  const seen = new Set<string>();
  let level: { nodeId: NodeId; path: string[] }[] = [{ nodeId: from ?? resolveNodeId(ObjectIds.ObjectsFolder), path: [] }];
  for (let depth = 0; depth < maxDepth && level.length > 0 && found.length < maxResults; depth++) {
    const results = await browseMany(ctx, level.map((l) => l.nodeId));
    const next: typeof level = [];
    const matches: { ref: ReferenceDescription; path: string[] }[] = [];
    results.forEach((refs, i) => {
      const parent = level[i]!;
      for (const ref of refs) {
        const nodeId = ref.nodeId as unknown as NodeId;
        const key = nodeId.toString();
        if (seen.has(key)) continue;
        seen.add(key);
        const name = ref.browseName?.name ?? '';
        const path = [...parent.path, name];
        if (name.toLowerCase().includes(needle) || (ref.displayName?.text ?? '').toLowerCase().includes(needle)) matches.push({ ref, path });
        // The standard Server object is large and never holds line signals.
        if (ref.nodeClass === NodeClass.Object || ref.nodeClass === NodeClass.Variable) {
          if (!(nodeId.namespace === 0 && key === 'ns=0;i=2253')) next.push({ nodeId, path });
        }
      }
    });
    const described = await describe(ctx, matches.map((m) => m.ref));
    described.forEach((d, i) => {
      if (found.length < maxResults) found.push({ ...d, path: matches[i]!.path });
    });
    level = next;
  }
  return found;
}

function dataTypeName(id: NodeId | null): string | null {
  if (!id) return null;
  if (id.namespace === 0 && typeof id.value === 'number' && id.value >= 1 && id.value <= 25) return DataType[id.value] ?? null;
  return id.toString();
}

function accessOf(level: number | null): BrowsedNode['access'] {
  if (level === null) return 'none';
  const r = (level & ACCESS_READ) !== 0;
  const w = (level & ACCESS_WRITE) !== 0;
  return r && w ? 'readwrite' : r ? 'read' : w ? 'write' : 'none';
}
