import { damagedMessage, damagedMsg, diskFullMessage, diskFullMsg, readOnlyMessage, readOnlyMsg } from '../../../../../electron/core/platform/storage/storageFaults.ts';
import { renderMessage } from '../../../../../shared/i18n/render.ts';

/** The storage banner every screen shows: the catalogue message reads exactly as the English text did, and in German for a German reader. */
describe('storage banner texts in the reader’s language', () => {
  it('disk full, read-only, damaged with and without a backup: English identical, German complete', () => {
    const cases = [
      [diskFullMsg('/data', 12), diskFullMessage('/data', 12)],
      [readOnlyMsg('/data'), readOnlyMessage('/data')],
      [damagedMsg('/data/console.db', '/data/backups/b1.db', '/data/backups'), damagedMessage('/data/console.db', '/data/backups/b1.db', '/data/backups')],
      [damagedMsg('/data/console.db', null, '/data/backups'), damagedMessage('/data/console.db', null, '/data/backups')],
    ] as const;
    for (const [m, english] of cases) {
      expect(renderMessage(m, 'en')).toBe(english);
      expect(renderMessage(m, 'de')).not.toBe(english);
    }
    expect(renderMessage(diskFullMsg('/data', 12), 'de')).toBe('Der Datenträger unter /data ist voll: 12 MB werden gebraucht. Nichts kann gespeichert werden, bis Platz frei ist; danach arbeitet die Konsole von selbst weiter.');
  });
});
