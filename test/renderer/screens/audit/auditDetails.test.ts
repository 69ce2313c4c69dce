import { detailsWords } from '../../../../renderer/screens/audit/AuditScreen.tsx';
import { i18n } from '../../../../renderer/i18n/instance.ts';

const t = (k: string, o?: Record<string, unknown>) => i18n.getFixedT('en', 'audit')(k, o as never) as unknown as string;
const names = new Map([['demo-anna', 'Anna Berg']]);

describe('audit details as a person reads them (issue 18: no JSON, no user ids or references for a non-administrator)', () => {
  const details = JSON.stringify({ users: [{ userId: 'demo-anna', roles: ['supervisor'] }, { userId: 'demo-paul', roles: ['planner'] }], newId: '6f1c1c64-3c1a-4a55-9e0e-8a4c1d2b3e4f', reason: 'typo' });

  it('quality lead: name: value pairs, people by name, references hidden', () => {
    const text = detailsWords(details, false, t, names);
    expect(text).toBe('person 1: Anna Berg · person 1 roles: Shift supervisor · person 2 roles: Maintenance planner · new reference: internal reference · reason: typo');
    expect(text).not.toMatch(/\{"|demo-|[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('administrator: the ids and references as recorded', () => {
    expect(detailsWords(details, true, t, names)).toBe('person 1 userId: demo-anna · person 1 roles: Shift supervisor · person 2 userId: demo-paul · person 2 roles: Maintenance planner · new reference: 6f1c1c64-3c1a-4a55-9e0e-8a4c1d2b3e4f · reason: typo');
  });
});

describe('a reason recorded as a catalogue message (issue 18: the hold interlock\'s)', () => {
  const details = JSON.stringify({ lineId: 'L3', state: 'failed', message: 'Line 3 – Packing: Writing Line3.HoldInterlock failed: This value is read-only on the controller. (BadNotWritable)', why: { key: 'opcua.notWritable' } });
  const tmDe = (m: { key: string }, fb: string) => (m.key === 'opcua.notWritable' ? 'Auf der Steuerung ist dieser Wert nur lesbar.' : fb);

  it('a quality lead reads the reason in their language, without the controller\'s words or status code', () => {
    const text = detailsWords(details, false, t, names, tmDe);
    expect(text).toBe('line: L3 · state: not set · cause: Auf der Steuerung ist dieser Wert nur lesbar.');
    expect(text).not.toMatch(/BadNotWritable|read-only/);
  });

  it('the administrator keeps the controller\'s words beside it', () => {
    expect(detailsWords(details, true, t, names, tmDe)).toContain('(BadNotWritable)');
  });
});

describe('a switch of user without signing out (issue 18: "switchedFrom: demo-paul" was shown to the quality lead)', () => {
  const tDe = (k: string, o?: Record<string, unknown>) => i18n.getFixedT('de', 'audit')(k, o as never) as unknown as string;
  const people = new Map([['demo-paul', 'Paul Novak']]);
  const details = JSON.stringify({ method: 'badge', screen: '3f2a9c1e', switchedFrom: 'demo-paul' });

  it('the quality lead reads who in a sentence, in their language, without the user id, the field name or the screen reference', () => {
    expect(detailsWords(details, false, t, people)).toBe('signed in with: badge · switched from Paul Novak');
    const de = detailsWords(details, false, tDe, people);
    expect(de).toBe('angemeldet mit: Ausweis · gewechselt von Paul Novak');
    expect(de).not.toMatch(/demo-|switchedFrom|screen|3f2a9c1e/);
  });

  it('a person the console no longer knows is "another person", never the id', () => {
    expect(detailsWords(JSON.stringify({ unlockedAfter: 'demo-paul' }), false, t)).toBe('unlocked the screen after another person');
  });

  it('the administrator reads the same sentence with the id and the screen beside it', () => {
    expect(detailsWords(details, true, t, people)).toBe('signed in with: badge · screen: 3f2a9c1e · switched from Paul Novak (demo-paul)');
  });
});

describe('every detail field in words (issue 18: "needed: supervisor", "scope from: 1796572260000", "outboxId: …", "erp: true")', () => {
  const tDe = (k: string, o?: Record<string, unknown>) => i18n.getFixedT('de', 'audit')(k, o as never) as unknown as string;
  const when = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  it('roles by name, instants as dates, yes/no, a case raised in words; the console\'s references only for the administrator', () => {
    expect(detailsWords(JSON.stringify({ needed: ['supervisor', 'quality'] }), false, tDe)).toBe(`benötigt Rolle: ${tDe('common:roles.supervisor')}, ${tDe('common:roles.quality')}`);
    const hold = JSON.stringify({ erp: true, scope: { kind: 'line', lineId: 'L1', from: 1_796_572_260_000 } });
    expect(detailsWords(hold, false, tDe, new Map(), undefined, when)).toBe('an das ERP: ja · Umfang Art: Linie ab jetzt · Umfang Linie: L1 · Umfang von: 2026-12-06');
    const raised = JSON.stringify({ alertId: 1, lineId: 'L2', mode: 'created', outboxId: '6f1c1c64-3c1a-4a55-9e0e-8a4c1d2b3e4f' });
    expect(detailsWords(raised, false, t)).toBe('line: L2 · way: new case');
    expect(detailsWords(raised, true, t)).toBe('alertId: 1 · line: L2 · way: new case · outboxId: 6f1c1c64-3c1a-4a55-9e0e-8a4c1d2b3e4f');
  });
});

describe('a hold placed, read by a German quality lead (issue 18: "Zustand: set", "Fehlerart: other", "Umfang Art: line" and line ids were shown)', () => {
  const tDe = (k: string, o?: Record<string, unknown>) => i18n.getFixedT('de', 'audit')(k, o as never) as unknown as string;
  const lines = (id: string) => ({ L1: 'Linie 1 – Abfüllung' })[id];
  const placed = JSON.stringify({ scope: { kind: 'line', lineId: 'L1' }, reason: 'Siegelnaht offen', defectCategory: 'sealing', erp: true });
  const interlock = JSON.stringify({ lineId: 'L1', state: 'set', message: null });

  it('says the scope kind, the defect category, the line and the interlock state in words', () => {
    expect(detailsWords(placed, false, tDe, new Map(), undefined, undefined, lines)).toBe('Umfang Art: Linie ab jetzt · Umfang Linie: Linie 1 – Abfüllung · Grund: Siegelnaht offen · Fehlerart: Siegelung / Verschluss · an das ERP: ja');
    expect(detailsWords(interlock, false, tDe, new Map(), undefined, undefined, lines)).toBe('Linie: Linie 1 – Abfüllung · Zustand: gesetzt');
  });

  it('the administrator reads the line id beside its name; an unknown line reads as recorded', () => {
    expect(detailsWords(interlock, true, tDe, new Map(), undefined, undefined, lines)).toBe('Linie: Linie 1 – Abfüllung (L1) · Zustand: gesetzt');
    expect(detailsWords(JSON.stringify({ lineId: 'L9' }), false, tDe, new Map(), undefined, undefined, lines)).toBe('Linie: L9');
  });
});
