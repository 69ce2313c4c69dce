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
