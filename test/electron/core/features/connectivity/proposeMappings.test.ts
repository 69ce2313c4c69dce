import { proposeMappings, type FoundNode } from '../../../../../electron/core/features/connectivity/proposeMappings.ts';

const node = (path: string[], nodeClass: FoundNode['nodeClass'] = 'Variable'): FoundNode => ({
  nodeRef: `nsu=urn:x;s=${path.join('.')}`,
  browseName: path.at(-1)!,
  displayName: path.at(-1)!,
  nodeClass,
  dataType: nodeClass === 'Variable' ? 'Int32' : null,
  access: nodeClass === 'Variable' ? 'read' : null,
  hasChildren: nodeClass === 'Object',
  path,
});

describe('proposeMappings', () => {
  it('recognises a PackML unit by its Status/Admin tags and maps Execute to running', () => {
    const nodes = [
      node(['Plant', 'Filler'], 'Object'),
      node(['Plant', 'Filler', 'Status', 'StateCurrent']),
      node(['Plant', 'Filler', 'Status', 'CurMachSpeed']),
      node(['Plant', 'Filler', 'Admin', 'ProdProcessedCount']),
      node(['Plant', 'Filler', 'Admin', 'ProdDefectiveCount']),
    ];
    const [p] = proposeMappings(nodes);
    expect(p).toMatchObject({
      standard: 'packml',
      path: ['Plant', 'Filler'],
      name: 'Filler',
      tags: { machineState: 'nsu=urn:x;s=Plant.Filler.Status.StateCurrent', goodCount: 'nsu=urn:x;s=Plant.Filler.Admin.ProdProcessedCount', rejectCount: 'nsu=urn:x;s=Plant.Filler.Admin.ProdDefectiveCount', speed: 'nsu=urn:x;s=Plant.Filler.Status.CurMachSpeed' },
    });
    expect(p!.stateMap).toMatchObject({ '6': 'running', '4': 'idle', '9': 'faulted', '2': 'stopped' });
    expect(p!.notes.join(' ')).toMatch(/good and defective/);
  });

  it('recognises an OPC 40001 machine and says what is missing', () => {
    const [p] = proposeMappings([node(['M1', 'Monitoring', 'MachineryItemState', 'CurrentState'])]);
    expect(p).toMatchObject({ standard: 'machinery', path: ['M1'], tags: { machineState: 'nsu=urn:x;s=M1.Monitoring.MachineryItemState.CurrentState' } });
    expect(p!.tags.goodCount).toBeUndefined();
    expect(p!.notes.join(' ')).toMatch(/choose the good-count variable by hand/);
  });

  it('proposes nothing for a vendor-specific address space or an Object named like a variable', () => {
    expect(proposeMappings([node(['Line1', 'GoodCount']), node(['X', 'Status', 'StateCurrent'], 'Object')])).toEqual([]);
  });
});
