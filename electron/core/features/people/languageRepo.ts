import { isLang, type Lang } from '../../../../shared/i18n/index.ts';
import type { ReadableDb, WritableDb } from '../../platform/storage/db.ts';

/** A person's own language (user_account.language), or null: the plant's. */
export function readLanguage(db: ReadableDb, userId: string): Lang | null {
  const r = db.prepare('SELECT language FROM user_account WHERE user_id = ?').get(userId) as { language: string | null } | undefined;
  return r && isLang(r.language) ? r.language : null;
}

export function writeLanguage(db: WritableDb, userId: string, language: Lang | null, at: number): void {
  db.prepare('UPDATE user_account SET language = ?, updated_at = ? WHERE user_id = ?').run(language, at, userId);
}
