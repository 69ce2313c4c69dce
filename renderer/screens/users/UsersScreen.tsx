import { type FormEvent, useEffect, useState } from 'react';
import { Role } from '../../../shared/domain/actor.ts';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits.ts';
import { LimitedField } from '../../components/LimitedField.tsx';
import { useT, useTMessage } from '../../i18n/index.tsx';
import { answerText } from '../../stores/answer.ts';
import { usePersonKey } from '../../stores/personChange.ts';
import { useMay } from '../../stores/sessionStore.ts';
import { createUser, loadUsers, setActive, setPin, setRoles, unlockUser, useUsers } from '../../stores/usersStore.ts';
import { SignInSettingsPanel } from '../signin/SignInSettingsPanel.tsx';

const ROLES = Role.options;
const ADMIN = ['admin'] as const;

/** People who may sign in, managed by an administrator. */
export function UsersScreen() {
  const may = useMay(ADMIN);
  const u = useUsers();
  const person = usePersonKey();
  const t = useT('users');
  const tm = useTMessage();
  useEffect(() => {
    if (may) void loadUsers();
  }, [may, person]);
  if (!may) return <p className="empty" data-testid="users-denied">{t('denied')}</p>;
  return (
    <section data-testid="users-screen">
      <h1 className="screen-title">{t('title')}</h1>
      {u.error ? <p className="form-error" role="alert" data-testid="users-error">{answerText(u.error, t, tm)}</p> : null}
      {u.message ? <p className="muted" role="status">{answerText(u.message, t, tm)}</p> : null}
      <table className="data-table" data-testid="users-table">
        <thead><tr><th>{t('columns.name')}</th><th>{t('columns.userName')}</th><th>{t('columns.badge')}</th><th>{t('columns.roles')}</th><th>{t('columns.state')}</th><th /></tr></thead>
        <tbody>
          {u.users.map((x) => (
            <tr key={x.userId} data-testid="user-row" data-user={x.userName}>
              <td>{x.displayName}</td>
              <td className="mono">{x.userName}</td>
              <td className="mono">{x.badgeId ?? '—'}</td>
              <td data-testid={`user-roles-${x.userName}`}>
                <RolesCell userId={x.userId} userName={x.userName} roles={x.roles} />
              </td>
              <td data-testid={`user-state-${x.userName}`}>{!x.active ? t('state.deactivated') : x.lockedUntil !== null && x.lockedUntil > Date.now() ? <span className="outcome outcome--failed">{t('state.lockedOut')}</span> : x.failedCount > 0 ? t('state.failedPins', { n: x.failedCount }) : t('state.active')}</td>
              <td className="data-table__actions">
                {x.lockedUntil !== null ? <button type="button" className="button" onClick={() => void unlockUser(x.userId)}>{t('actions.unlock')}</button> : null}
                <button type="button" className="button" onClick={() => void setActive(x.userId, !x.active)} data-testid={`user-active-${x.userName}`}>{x.active ? t('actions.deactivate') : t('actions.reactivate')}</button>
                <PinButton userId={x.userId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUserForm />
      <SignInSettingsPanel />
    </section>
  );
}

/** A person's roles, and (for the administrator) changing them: audited by the core, which also ends the person's open sessions. */
function RolesCell({ userId, userName, roles }: { readonly userId: string; readonly userName: string; readonly roles: readonly Role[] }) {
  const [editing, setEditing] = useState<Role[] | null>(null);
  const t = useT('users');
  if (!editing) {
    return (
      <span className="roles-cell">
        {roles.map((r) => t(`common:roles.${r}`)).join(', ')}{' '}
        <button type="button" className="button button--quiet" onClick={() => setEditing([...roles])} data-testid={`user-roles-edit-${userName}`}>
          {t('roles.change')}
        </button>
      </span>
    );
  }
  return (
    <form
      className="roles-edit"
      onSubmit={(e) => {
        e.preventDefault();
        if (editing.length === 0) return;
        void setRoles(userId, editing).then((ok) => ok && setEditing(null));
      }}
    >
      <div className="role-checks" role="group" aria-label={t('roles.group', { name: userName })}>
        {ROLES.map((r) => (
          <label key={r}>
            <input type="checkbox" checked={editing.includes(r)} onChange={(e) => setEditing(e.target.checked ? [...editing, r] : editing.filter((x) => x !== r))} data-testid={`user-role-${userName}-${r}`} />
            {t(`common:roles.${r}`)}
          </label>
        ))}
      </div>
      {editing.length === 0 ? <p className="form-error">{t('roles.none')}</p> : null}
      <button type="submit" className="button button--primary" disabled={editing.length === 0} data-testid={`user-roles-save-${userName}`}>
        {t('roles.save')}
      </button>{' '}
      <button type="button" className="button" onClick={() => setEditing(null)}>
        {t('roles.cancel')}
      </button>
    </form>
  );
}

function PinButton({ userId }: { readonly userId: string }) {
  const [open, setOpen] = useState(false);
  const [pin, setPinText] = useState('');
  const t = useT('users');
  if (!open) return <button type="button" className="button button--quiet" onClick={() => setOpen(true)}>{t('actions.newPin')}</button>;
  return (
    <form className="field--inline field" onSubmit={(e) => { e.preventDefault(); void setPin(userId, pin).then((ok) => ok && setOpen(false)); }}>
      <input className="field__input field__input--short" type="password" inputMode="numeric" aria-label={t('actions.newPin')} value={pin} onChange={(e) => setPinText(e.target.value)} autoFocus />
      <button type="submit" className="button">{t('actions.setPin')}</button>
    </form>
  );
}

function NewUserForm() {
  const [f, setF] = useState({ userName: '', displayName: '', badgeId: '', pin: '' });
  const [roles, setRolesSel] = useState<Role[]>(['supervisor']);
  const t = useT('users');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await createUser({ userName: f.userName, displayName: f.displayName, badgeId: f.badgeId || null, roles, pin: f.pin });
    if (ok) setF({ userName: '', displayName: '', badgeId: '', pin: '' });
  };
  return (
    <form className="panel" onSubmit={submit} data-testid="new-user">
      <h2 className="panel__title">{t('newUser.title')}</h2>
      <div className="toolbar">
        <LimitedField className="field" inputClassName="field__input" limit={FIELD_LIMITS.displayName} label={t('newUser.fullName')} autoComplete="off" value={f.displayName} onChange={(v) => setF({ ...f, displayName: v })} testId="new-user-displayName" />
        {(['userName', 'badgeId', 'pin'] as const).map((k) => (
          <label className="field" key={k}>
            <span className="field__label">{t(`newUser.${k}`)}</span>
            <input className="field__input" type={k === 'pin' ? 'password' : 'text'} autoComplete="off" value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} data-testid={`new-user-${k}`} />
          </label>
        ))}
      </div>
      <div className="role-checks" role="group" aria-label={t('newUser.roles')}>
        {ROLES.map((r) => (
          <label key={r}>
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRolesSel(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
            {t(`common:roles.${r}`)}
          </label>
        ))}
      </div>
      <button type="submit" className="button button--primary">{t('newUser.add')}</button>
    </form>
  );
}
