import { detailsWords } from '../../../../renderer/screens/audit/AuditScreen.tsx';
import { i18n } from '../../../../renderer/i18n/instance.ts';

const t = (k: string, o?: Record<string, unknown>) => i18n.getFixedT('en', 'audit')(k, o as never) as unknown as string;
const names = new Map([['demo-anna', 'Anna Berg']]);

describe('audit details as a person reads them (issue 18: no JSON, no user ids or references for a non-administrator)', () => {
  const details = JSON.stringify({ users: [{ userId: 'demo-anna', roles: ['supervisor'] }, { userId: 'demo-paul', roles: ['planner'] }], newId: '6f1c1c64-3c1a-4a55-9e0e-8a4c1d2b3e4f', reason: 'typo' });

  it('quality lead: name: value pairs, people by name, references hidden', () => {
    const text = detailsWords(details, false, t, names);
    expect(text).toBe('users 1: Anna Berg · users 1 roles: supervisor · users 2 roles: planner · newId: internal reference · reason: typo');
    expect(text).not.toMatch(/\{"|demo-|[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('administrator: the ids and references as recorded', () => {
    expect(detailsWords(details, true, t, names)).toBe('users 1 userId: demo-anna · users 1 roles: supervisor · users 2 userId: demo-paul · users 2 roles: planner · newId: 6f1c1c64-3c1a-4a55-9e0e-8a4c1d2b3e4f · reason: typo');
  });
});

describe('a reason recorded as a catalogue message (issue 18: the hold interlock\'s)', () => {
  const details = JSON.stringify({ lineId: 'L3', state: 'failed', message: 'Line 3 – Packing: Writing Line3.HoldInterlock failed: This value is read-only on the controller. (BadNotWritable)', why: { key: 'opcua.notWritable' } });
  const tmDe = (m: { key: string }, fb: string) => (m.key === 'opcua.notWritable' ? 'Auf der Steuerung ist dieser Wert nur lesbar.' : fb);

  it('a quality lead reads the reason in their language, without the controller\'s words or status code', () => {
    const text = detailsWords(details, false, t, names, tmDe);
    expect(text).toBe('lineId: L3 · state: failed · why: Auf der Steuerung ist dieser Wert nur lesbar.');
    expect(text).not.toMatch(/BadNotWritable|read-only/);
  });

  it('the administrator keeps the controller\'s words beside it', () => {
    expect(detailsWords(details, true, t, names, tmDe)).toContain('(BadNotWritable)');
  });
});
