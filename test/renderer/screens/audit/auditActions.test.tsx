import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { InLanguage } from '../../../../renderer/i18n/index.tsx';
import { i18n } from '../../../../renderer/i18n/instance.ts';
import { AuditScreen } from '../../../../renderer/screens/audit/AuditScreen.tsx';
import { actionKey, actionName } from '../../../../renderer/screens/audit/actionName.ts';
import { auditStore } from '../../../../renderer/stores/auditStore.ts';
import { initialSessionState, sessionStore } from '../../../../renderer/stores/sessionStore.ts';
import { lookup, type Namespace } from '../../../../shared/i18n/index.ts';

const record = (seq: number, action: string, outcome: 'ok' | 'denied' | 'failed' = 'ok') => ({ seq, at: 1_765_000_000_000 + seq, userId: 'demo-anna', displayName: 'Anna Berg', roles: ['quality'], action, target: null, details: null, outcome, hash: 'h' });

function asQualityLead(roles: string[] = ['quality']) {
  sessionStore.setState({ ...initialSessionState, session: { actor: { userId: 'demo-anna', displayName: 'Anna Berg', roles }, signedIn: true, viewerOnly: false, locked: null, idleLockMinutes: 15, lockAt: null, needsBootstrap: false } as never });
}

/** Every action the core records: the literal `action: '…'` of recordAudit calls and the actions passed to helpers that record. */
function actionsInCore(): string[] {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const src = readFileSync(p, 'utf8');
        if (!src.includes('recordAudit')) continue;
        for (const m of src.matchAll(/action: (?:[a-z]+ \? )?'([a-z]+\.[A-Za-z]+)'(?: : '([a-z]+\.[A-Za-z]+)')?/g)) [m[1], m[2]].forEach((a) => a && out.add(a));
        for (const m of src.matchAll(/(?:change|audited)\((?:[a-z]+, )?'([a-z]+\.[A-Za-z]+)'/g)) out.add(m[1]!);
      }
    }
  };
  walk(join(__dirname, '../../../../electron/core'));
  return [...out].sort();
}

// renderToStaticMarkup reads zustand stores through their server snapshot (getInitialState): point it at the live state.
const stores = [sessionStore, auditStore] as const;
const initial = stores.map((s) => s.getInitialState);
beforeAll(() => stores.forEach((s) => (s.getInitialState = s.getState)));
afterAll(() => stores.forEach((s, i) => (s.getInitialState = initial[i]!)));

describe('audit actions by name, not by command code (issue 18)', () => {
  afterEach(() => {
    sessionStore.setState(initialSessionState);
    auditStore.setState({ records: [], filter: {}, hasMore: false, loading: false, error: null, verify: null });
  });

  it('the action column reads the command in German; the code is no text a quality lead sees', () => {
    asQualityLead();
    auditStore.setState({ records: [record(3, 'holds.place'), record(2, 'auth.signIn'), record(1, 'holds.interlockSet', 'failed')] });
    const html = renderToStaticMarkup(
      <InLanguage lang="de">
        <AuditScreen />
      </InLanguage>,
    );
    expect(html).toContain('Eine Qualitätssperre setzen');
    expect(html).toContain('Sich anmelden');
    expect(html).toContain('Die Sperrverriegelung an der Linie setzen');
    // Codes only in attributes (tests, filters), never as text between tags.
    expect(html).not.toMatch(/>[^<]*\b(holds\.place|auth\.signIn|holds\.interlockSet)\b[^<]*</);
    // The filter offers areas and actions by name.
    expect(html).toContain('Qualitätssperren: alle Aktionen');
    expect(html).toMatch(/<option value="holds\.place">Eine Qualitätssperre setzen<\/option>/);
  });

  it('the administrator also sees the code under the name', () => {
    asQualityLead(['admin']);
    auditStore.setState({ records: [record(1, 'holds.place')] });
    const html = renderToStaticMarkup(
      <InLanguage lang="en">
        <AuditScreen />
      </InLanguage>,
    );
    expect(html).toContain('Place a quality hold');
    expect(html).toMatch(/<div class="muted mono">holds\.place<\/div>/);
  });

  it('every action the core records has a name in both languages', () => {
    const actions = actionsInCore();
    expect(actions.length).toBeGreaterThan(30);
    for (const a of actions) {
      const key = actionKey(a);
      expect(key, `${a} has no name`).not.toBeNull();
      const [ns, k] = key!.split(':') as [Namespace, string];
      for (const lang of ['de', 'en'] as const) expect(lookup(lang, ns, k), `${a} in ${lang}`).toBeTruthy();
    }
  });

  it('an action this build does not know is shown as recorded, never empty', () => {
    const t = i18n.getFixedT('de') as unknown as (k: string) => string;
    expect(actionName('future.thing', t, 'de-DE')).toBe('future.thing');
  });
});
