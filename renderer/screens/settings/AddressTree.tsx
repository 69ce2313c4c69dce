import type { BrowsedNodeView } from '../../../shared/contract/domains/connectivity.ts';
import { useT } from '../../i18n/index.tsx';
import { selectNode, toggle, useConnectivity } from '../../stores/connectivityStore.ts';

/** The controller's address space, one level loaded at a time when a person opens a node. */
export function AddressTree() {
  const t = useT('settings');
  return (
    <ul className="tree" role="tree" aria-label={t('tree.label')} data-testid="address-tree">
      <Level parent="" />
    </ul>
  );
}

function Level({ parent }: { readonly parent: string }) {
  const { tree } = useConnectivity();
  const level = tree[parent];
  const t = useT('settings');
  if (!level || (level.loading && !level.children)) return <li className="muted">{t('tree.loading')}</li>;
  if (level.error) return <li className="form-error">{level.error}</li>;
  return <>{(level.children ?? []).map((n) => <TreeItem key={n.nodeRef} node={n} />)}</>;
}

function TreeItem({ node }: { readonly node: BrowsedNodeView }) {
  const { expanded, selected } = useConnectivity();
  const open = expanded.has(node.nodeRef);
  const isSelected = selected?.nodeRef === node.nodeRef;
  const t = useT('settings');
  return (
    <li role="treeitem" aria-expanded={node.hasChildren ? open : undefined} aria-selected={isSelected}>
      <div className={`tree-row${isSelected ? ' tree-row--selected' : ''}`}>
        {node.hasChildren ? (
          <button type="button" className="tree-toggle" aria-label={t(open ? 'tree.close' : 'tree.open', { name: node.browseName })} onClick={() => toggle(node)} data-testid="tree-toggle" data-name={node.browseName}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle tree-toggle--leaf" />
        )}
        <button type="button" className="tree-label" onClick={() => selectNode(node)} data-testid="tree-node" data-name={node.browseName}>
          {node.displayName || node.browseName}
          {node.nodeClass === 'Variable' ? <span className="muted"> · {node.dataType ?? '?'}{node.access === 'readwrite' ? ` · ${t('tree.writable')}` : ''}</span> : null}
        </button>
      </div>
      {open ? (
        <ul role="group">
          <Level parent={node.nodeRef} />
        </ul>
      ) : null}
    </li>
  );
}
