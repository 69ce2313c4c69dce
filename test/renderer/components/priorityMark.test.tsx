import { renderToStaticMarkup } from 'react-dom/server';
import { PRIORITY_COLOURS, PriorityMark } from '../../../renderer/components/PriorityMark.tsx';
import { InLanguage } from '../../../renderer/i18n/index.tsx';

describe('priority marks: colour and shape', () => {
  const shapeOf = (p: 1 | 2 | 3 | 4) => /<(polygon|rect|circle)[^>]*>/.exec(renderToStaticMarkup(<PriorityMark priority={p} />))![0].replace(/ ?\/?>$/, '');
  it('every priority has its own shape and its own colour, so P1 and P2 differ without colour', () => {
    const shapes = ([1, 2, 3, 4] as const).map(shapeOf);
    expect(new Set(shapes).size).toBe(4);
    expect(shapes[0]).toMatch(/polygon points="12,1 23,12 12,23 1,12"/); // diamond
    expect(shapes[1]).toMatch(/polygon points="12,1.5 23,22 1,22"/); // triangle
    expect(new Set(Object.values(PRIORITY_COLOURS)).size).toBe(4);
  });
  it('says its priority in words for a screen reader', () => {
    expect(renderToStaticMarkup(<InLanguage lang="en"><PriorityMark priority={1} /></InLanguage>)).toContain('aria-label="Priority 1, urgent"');
    expect(renderToStaticMarkup(<InLanguage lang="de"><PriorityMark priority={2} /></InLanguage>)).toContain('aria-label="Priorität 2, hoch"');
  });
});
