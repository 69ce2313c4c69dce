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

/**
 * The language of the person an ERP payload names as its author (`capturedBy`: the first 12 characters of
 * the user id, what SAP's field holds), so the ERP answers in it (erpLanguage.ts); null when no one person
 * matches or they chose none (the plant's language then).
 */
export function languageOfAuthor(db: ReadableDb, capturedBy: string): Lang | null {
  const rows = db.prepare('SELECT language FROM user_account WHERE substr(user_id, 1, 12) = ? LIMIT 2').all(capturedBy.slice(0, 12)) as { language: string | null }[];
  return rows.length === 1 && isLang(rows[0]!.language) ? rows[0]!.language : null;
}
