import { originOf } from './appOrigin.ts';

/**
 * Whether an IPC message may be answered. Pure: tests call it directly.
 *
 * Only the main window's top-level frame showing the app's own origin may talk to the core: not an
 * iframe (there should be none, but a compromised page could create one), not a page the window was
 * somehow navigated to, not a window we did not create.
 */
export function isTrustedSender(frameUrl: string | null | undefined, isTopLevel: boolean, appOrigin: string): boolean {
  if (!isTopLevel || typeof frameUrl !== 'string' || frameUrl === '') return false;
  return originOf(frameUrl) === appOrigin;
}

export interface FrameIdentity {
  processId: number;
  routingId: number;
}

/** Frame objects are compared by identity numbers, not by object identity (Electron may wrap anew). */
export function isSameFrame(a: FrameIdentity, b: FrameIdentity): boolean {
  return a.processId === b.processId && a.routingId === b.routingId;
}
