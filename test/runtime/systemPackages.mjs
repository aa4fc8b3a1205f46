// Debian packages the runtime needs: installed when missing (as root, with apt-get), otherwise named in the error,
// so `npm start` and `npm test` do all the set-up on a fresh Debian machine.
import { execFileSync, spawnSync } from 'node:child_process';

function installed(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function hasDpkg() {
  return spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;
}

let updated = false;

/** @param {string[]} packages @param {string} why */
export function ensureDebianPackages(packages, why) {
  if (!hasDpkg()) return; // not Debian: the caller's own checks report what is missing
  const missing = packages.filter((name) => !installed(name));
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`${why} needs Debian packages that are missing. Run: sudo apt-get update && sudo ${command}`);
  }
  console.log(`[runtime] installing ${missing.join(', ')} (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    updated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
