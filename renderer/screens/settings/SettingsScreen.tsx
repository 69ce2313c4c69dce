import { useEffect, useState } from 'react';
import { useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { chooseController, connectivityStore, loadCertificates, loadControllers, useConnectivity } from '../../stores/connectivityStore.ts';
import { BrowseMapPanel } from './BrowseMapPanel.tsx';
import { CertificatesPanel } from './CertificatesPanel.tsx';
import { ControllersPanel } from './ControllersPanel.tsx';
import { ConnectionsPanel } from './ConnectionsPanel.tsx';
import { DevicesPanel } from './DevicesPanel.tsx';
import { LanguagePanel } from './LanguagePanel.tsx';

const VIEWERS = ['admin', 'supervisor'] as const;
const ADMIN = ['admin'] as const;
type Tab = 'controllers' | 'certificates' | 'map' | 'connections' | 'devices';

/**
 * Settings: everyone signed in chooses their own language here; supervisors and administrators also see
 * the line connectivity (controller links, certificate trust, browse and map, ERP/CMMS connections, devices).
 */
export function SettingsScreen() {
  const may = useMay(VIEWERS);
  const isAdmin = useMay(ADMIN);
  const [tab, setTab] = useState<Tab>('controllers');
  const { message } = useConnectivity();
  const person = usePersonKey();
  const t = useT('settings');
  const tm = useTMessage();
  useEffect(() => {
    if (may) void loadControllers();
  }, [may, person]);
  useEffect(() => {
    if (may && tab === 'certificates') void loadCertificates();
    if (isAdmin && tab === 'map') {
      const s = connectivityStore.getState();
      if (s.controllerId && !s.tree['']) chooseController(s.controllerId);
    }
  }, [may, isAdmin, tab, person]);
  if (!may) {
    return (
      <section data-testid="settings-screen">
        <h1 className="screen-title">{t('screen.title')}</h1>
        <LanguagePanel />
        <p className="empty" data-testid="settings-denied">
          {t('screen.denied')}
        </p>
      </section>
    );
  }
  const tabs: { id: Tab; show: boolean }[] = [
    { id: 'controllers', show: true },
    { id: 'certificates', show: true },
    { id: 'map', show: isAdmin },
    { id: 'connections', show: true },
    { id: 'devices', show: isAdmin },
  ];
  return (
    <section data-testid="settings-screen">
      <h1 className="screen-title">{t('screen.title')}</h1>
      <LanguagePanel />
      <h2 className="panel__title">{t('screen.connectivityTitle')}</h2>
      <div className="settings-tabs" role="tablist">
        {tabs.filter((x) => x.show).map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={`button${tab === x.id ? ' button--primary' : ''}`} onClick={() => setTab(x.id)} data-testid={`settings-tab-${x.id}`}>
            {t(`screen.tabs.${x.id}`)}
          </button>
        ))}
      </div>
      {message ? <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid="settings-message">{answerText(message, t, tm)}</p> : null}
      {tab === 'controllers' ? <ControllersPanel /> : tab === 'certificates' ? <CertificatesPanel /> : tab === 'connections' ? <ConnectionsPanel /> : tab === 'devices' ? <DevicesPanel /> : <BrowseMapPanel />}
    </section>
  );
}
