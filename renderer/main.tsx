import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/AppShell.tsx';
import { preloadScreens } from './app/routes.tsx';
import { createBridge } from './bridge/index.ts';
import { I18nRoot } from './i18n/index.tsx';
import { wireLanguage } from './i18n/language.ts';
import { wireStreams } from './stores/wireStreams.ts';

const bridge = createBridge(window);
wireStreams(bridge);
wireLanguage();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nRoot>
      <AppShell />
    </I18nRoot>
  </StrictMode>,
);

// The other screens' chunks (routes.tsx) are fetched once the first screen had time to show its live values:
// not in its way, and ready before anyone opens another screen.
window.addEventListener('load', () => setTimeout(() => void preloadScreens(), 1500), { once: true });
