import { renderToStaticMarkup } from 'react-dom/server';
import type { AuthSession } from '../../../shared/contract/domains/auth.ts';
import type { WireError } from '../../../shared/contract/envelope.ts';
import { ErrorNote, ErrorNoteView } from '../../../renderer/components/ErrorNote.tsx';
import { InLanguage } from '../../../renderer/i18n/index.tsx';
import { initialSessionState, sessionStore } from '../../../renderer/stores/sessionStore.ts';

const signedIn = (roles: AuthSession['actor']['roles']): AuthSession =>
  ({ actor: { userId: 'u', displayName: 'Someone', roles }, signedIn: true, viewerOnly: false, locked: null, idleLockMinutes: 15, lockAt: null, needsBootstrap: false, language: null }) as AuthSession;

/** What the core sent: the English text, the catalogue message, and what the library said (for administrators). */
const refused: WireError = {
  code: 'UNAVAILABLE',
  message: 'The console core failed while running outbox.list; the details are in its log',
  msg: { key: 'net.refused', params: { target: 'erp' } },
  technical: 'connect ECONNREFUSED 10.0.0.5:443',
};

describe('ErrorNote: a failure in the language on screen, the technical detail behind Details for an administrator', () => {
  afterEach(() => sessionStore.setState(initialSessionState, true));

  it("shows the core's message in German to a German reader, with no code in it, and no Details for a supervisor", () => {
    sessionStore.setState({ ...initialSessionState, session: signedIn(['supervisor']) }, true);
    const html = renderToStaticMarkup(<InLanguage lang="de"><ErrorNoteView error={refused} testId="e" admin={false} /></InLanguage>);
    expect(html).toContain('Das ERP hat die Verbindung abgelehnt');
    expect(html).not.toContain('ECONNREFUSED');
    expect(html).not.toContain('<details');
  });

  it('gives an administrator the Details disclosure with what the library said', () => {
    const html = renderToStaticMarkup(<InLanguage lang="en"><ErrorNoteView error={refused} testId="e" admin /></InLanguage>);
    expect(html).toContain('The ERP refused the connection');
    expect(html).toMatch(/<details[^>]*data-testid="e-details"[^>]*><summary[^>]*>Details<\/summary><pre>connect ECONNREFUSED 10.0.0.5:443<\/pre><\/details>/);
  });

  it('the role comes from the session: nobody signed in (the server render reads the initial store) gets no Details', () => {
    expect(renderToStaticMarkup(<InLanguage lang="en"><ErrorNote error={refused} /></InLanguage>)).not.toContain('<details');
  });

  it('a reply without a message (an older core) shows its English text, never a key', () => {
    const html = renderToStaticMarkup(<InLanguage lang="de"><ErrorNote error={{ message: 'Something old' }} /></InLanguage>);
    expect(html).toContain('Something old');
    expect(renderToStaticMarkup(<InLanguage lang="de"><ErrorNote error={null} /></InLanguage>)).toBe('');
  });
});
