import { useEffect, useState } from 'react';
import { usePersonKey } from '../../stores/personChange.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { chooseController, connectivityStore, loadCertificates, loadControllers, useConnectivity } from '../../stores/connectivityStore.ts';
import { BrowseMapPanel } from './BrowseMapPanel.tsx';
import { CertificatesPanel } from './CertificatesPanel.tsx';
import { ControllersPanel } from './ControllersPanel.tsx';
import { ConnectionsPanel } from './ConnectionsPanel.tsx';
import { DevicesPanel } from './DevicesPanel.tsx';

const VIEWERS = ['admin', 'supervisor'] as const;
const ADMIN = ['admin'] as const;
type Tab = 'controllers' | 'certificates' | 'map' | 'connections' | 'devices';

/** Line connectivity settings: controller links, certificate trust, browse and map. */
export function SettingsScreen() {
  const may = useMay(VIEWERS);
  const isAdmin = useMay(ADMIN);
  const [tab, setTab] = useState<Tab>('controllers');
  const { message } = useConnectivity();
  const person = usePersonKey();
  useEffect(() => {
    void loadControllers();
  }, [person]);
  useEffect(() => {
    if (may && tab === 'certificates') void loadCertificates();
    if (isAdmin && tab === 'map') {
      const s = connectivityStore.getState();
      if (s.controllerId && !s.tree['']) chooseController(s.controllerId);
    }
  }, [may, isAdmin, tab, person]);
  if (!may) return <p className="empty" data-testid="settings-denied">Connectivity settings are for supervisors and administrators. Sign in as one to see them.</p>;
  const tabs: { id: Tab; label: string; show: boolean }[] = [
    { id: 'controllers', label: 'Controllers', show: true },
    { id: 'certificates', label: 'Certificates', show: true },
    { id: 'map', label: 'Browse and map', show: isAdmin },
    { id: 'connections', label: 'ERP and CMMS connections', show: true },
    { id: 'devices', label: 'Devices', show: isAdmin },
  ];
  return (
    <section data-testid="settings-screen">
      <h1 className="screen-title">Settings · Line connectivity</h1>
      <div className="settings-tabs" role="tablist">
        {tabs.filter((t) => t.show).map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={`button${tab === t.id ? ' button--primary' : ''}`} onClick={() => setTab(t.id)} data-testid={`settings-tab-${t.id}`}>
            {t.label}
          </button>
        ))}
      </div>
      {message ? <p className={message.ok ? 'command-ok' : 'command-error'} role={message.ok ? 'status' : 'alert'} data-testid="settings-message">{message.text}</p> : null}
      {tab === 'controllers' ? <ControllersPanel /> : tab === 'certificates' ? <CertificatesPanel /> : tab === 'connections' ? <ConnectionsPanel /> : tab === 'devices' ? <DevicesPanel /> : <BrowseMapPanel />}
    </section>
  );
}
