import { z } from 'zod';
import { Actor } from '../../domain/actor.ts';
import { count, FIELD_LIMITS, limitedText } from '../../domain/fieldLimits.ts';
import { LangSchema } from '../../i18n/index.ts';
import { defineCommands } from '../spec.ts';

const Empty = z.object({}).strict();

/** A new PIN: digits only, so a badge terminal's keypad can enter it. */
export const NewPin = z.string().regex(/^\d{4,12}$/, 'a PIN of 4 to 12 digits');
/** A PIN offered at sign-in: any short text, so a wrong one costs an attempt like any other. */
const OfferedPin = z.string().min(1).max(64);
export const UserName = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, '2–40 letters, digits, . _ - (starting with a letter or digit)');
export const BadgeId = z.string().trim().regex(/^[A-Za-z0-9:_-]{3,64}$/, '3–64 letters, digits, : _ -');
export const DisplayName = limitedText(FIELD_LIMITS.displayName, { min: 1 });

export const SignInReq = z.discriminatedUnion('method', [
  z.object({ method: z.literal('badge'), badgeId: z.string().trim().min(1).max(64), pin: OfferedPin }).strict(),
  z.object({ method: z.literal('name'), userName: z.string().trim().min(1).max(64), pin: OfferedPin }).strict(),
]);
export type SignInReq = z.infer<typeof SignInReq>;

export const AuthSession = z.object({
  /** Who acts on this screen now: the anonymous viewer when nobody is signed in or the screen is locked. */
  actor: Actor,
  signedIn: z.boolean(),
  /** A wall board reached over the network: it may watch, never sign in. */
  viewerOnly: z.boolean(),
  /** The person who was signed in when the screen locked; they (or anyone) must sign in to act. */
  locked: z.object({ userId: z.string(), displayName: z.string(), at: z.number() }).nullable(),
  idleLockMinutes: z.number().int(),
  /** When the screen will lock if nothing happens (epoch ms), or null when nobody is signed in. */
  lockAt: z.number().nullable(),
  /** A production plant with no administrator yet: the first one is created with the one-time code. */
  needsBootstrap: z.boolean(),
  /** The signed-in person's own language (people.language); null: the plant's. Absent when nobody is signed in. */
  language: LangSchema.nullable().optional(),
  /**
   * Sent once after a sign-in or a resume: the secret that lets a reload of this tab take the session
   * back (`auth.resume`) until the idle lock. The core keeps only its hash.
   */
  resumeToken: z.string().optional(),
});
export type AuthSession = z.infer<typeof AuthSession>;

export const PeopleSettings = z
  .object({
    idleLockMinutes: count('Idle lock minutes', 1, 240),
    /** Failed PINs in a row before an account is locked (then the lock grows with each further failure). */
    lockoutThreshold: count('Failed PINs before a lock', 3, 20),
  })
  .strict();
export type PeopleSettings = z.infer<typeof PeopleSettings>;

export const BootstrapReq = z
  .object({
    code: z.string().trim().min(1).max(64),
    userName: UserName,
    displayName: DisplayName,
    badgeId: BadgeId.optional(),
    pin: NewPin,
  })
  .strict();

export const authCommands = defineCommands({
  'auth.session': {
    req: Empty,
    res: AuthSession,
    access: 'anyone',
    summary: 'Read who is signed in on this screen and when it locks',
  },
  'auth.signIn': {
    req: SignInReq,
    res: AuthSession,
    access: 'anyone',
    summary: 'Sign in with a badge or user name and a PIN',
  },
  'auth.signOut': {
    req: Empty,
    res: AuthSession,
    access: 'anyone',
    summary: 'Sign out of this screen',
  },
  'auth.lock': {
    req: Empty,
    res: AuthSession,
    access: 'anyone',
    summary: 'Lock this screen now',
  },
  'auth.resume': {
    req: z.object({ token: z.string().min(1).max(128) }).strict(),
    res: AuthSession,
    access: 'anyone',
    summary: 'Take back the session of this screen after a reload (until the idle lock)',
  },
  'auth.activity': {
    req: Empty,
    res: AuthSession,
    access: 'anyone',
    summary: 'Report that a person is using this screen (keeps it from locking)',
  },
  'auth.bootstrap': {
    req: BootstrapReq,
    res: AuthSession,
    access: 'anyone',
    summary: 'Create the first administrator with the one-time code from the console',
  },
  'auth.settings': {
    req: Empty,
    res: PeopleSettings,
    access: ['admin'],
    summary: 'Read the sign-in settings',
  },
  'auth.setSettings': {
    req: PeopleSettings,
    res: PeopleSettings,
    access: ['admin'],
    summary: 'Change the sign-in settings',
  },
  'auth.setLanguage': {
    req: z.object({ language: LangSchema.nullable() }).strict(),
    res: AuthSession,
    // One's own setting: anyone signed in (the handler refuses a screen nobody is signed in to).
    access: 'anyone',
    summary: 'Choose the language of your own screens (null: the plant’s language)',
  },
});
