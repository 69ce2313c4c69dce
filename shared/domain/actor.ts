import { z } from 'zod';

/** The five roles of the console. Persisted, so never renamed. */
export const Role = z.enum(['supervisor', 'planner', 'quality', 'admin', 'viewer']);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  supervisor: 'Shift supervisor',
  planner: 'Maintenance planner',
  quality: 'Quality lead',
  admin: 'Administrator',
  viewer: 'Viewer',
};

/** Who performs a command. Resolved by the core from its own session table, never sent by the renderer. */
export const Actor = z.object({
  userId: z.string().min(1),
  displayName: z.string(),
  roles: z.array(Role),
});
export type Actor = z.infer<typeof Actor>;

/** The actor of a session nobody has signed in to: live views only. */
export const ANONYMOUS_VIEWER: Actor = { userId: 'anonymous', displayName: 'Viewer', roles: ['viewer'] };
