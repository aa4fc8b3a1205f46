import fs from 'node:fs/promises';

/**
 * Conversations are private to the user: every file the store creates is 0600 and every folder 0700, whatever the
 * umask would allow (the umask can only take bits away). Windows ignores the modes; the profile folder's ACL is
 * what protects the files there.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Creates `folder` (and any missing parent) owner-only. A folder that already existed, made by an older version
 * with the umask's default mode, is narrowed once per `tightened` set, so upgrading users get the same privacy.
 */
export async function ensurePrivateFolder(folder: string, tightened?: Set<string>): Promise<void> {
  let created: string | undefined;
  try {
    created = await fs.mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  } catch (error) {
    throw new Error(`Could not create the folder ${folder}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!tightened || tightened.has(folder)) return;
  tightened.add(folder);
  // Best effort: a folder this user does not own cannot be narrowed, and the files in it are 0600 anyway.
  if (created === undefined) await fs.chmod(folder, PRIVATE_FOLDER_MODE).catch(() => undefined);
}
