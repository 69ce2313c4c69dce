import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * The update manifest (`latest.yml`, `latest-linux.yml`, `latest-mac.yml`) as electron-builder writes it,
 * read strictly: a version, and files each with a name, a sha512 (base64 of 64 bytes) and a size. A file
 * URL must be a bare file name next to the manifest: an absolute URL or a path would let whoever edits the
 * manifest point the download at another server.
 */
const Sha512 = z.string().refine((s) => /^[A-Za-z0-9+/]{86}==$/.test(s), 'a base64 sha512 (88 characters)');
const FileName = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => /^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(s) && !s.includes('..'), 'a bare file name next to the manifest');

export const UpdateManifest = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'a semantic version'),
  files: z.array(z.object({ url: FileName, sha512: Sha512, size: z.number().int().positive() })).min(1).max(16),
  path: FileName.optional(),
  sha512: Sha512.optional(),
  releaseDate: z.string().optional(),
});
export type UpdateManifest = z.infer<typeof UpdateManifest>;

// js-yaml is electron-updater's own YAML reader (a declared dependency of ours as well). It has no
// bundled types, hence the narrow cast. Its default schema builds plain data only (no functions, no tags).
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

export type ManifestProblem = { code: 'MANIFEST_UNREADABLE' | 'MANIFEST_INVALID'; message: string };

export function parseManifest(text: string): { ok: true; value: UpdateManifest } | { ok: false; error: ManifestProblem } {
  let data: unknown;
  try {
    data = yaml.load(text);
  } catch (e) {
    return { ok: false, error: { code: 'MANIFEST_UNREADABLE', message: `not YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` } };
  }
  const parsed = UpdateManifest.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, error: { code: 'MANIFEST_INVALID', message: `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}` } };
  }
  return { ok: true, value: parsed.data };
}
