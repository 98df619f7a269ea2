/**
 * One process at a time on an embedded (PGlite) database folder. PGlite keeps its state in memory
 * and writes the folder as if it were alone: a second process on the same folder loses writes and
 * can leave it unopenable. The lock is proper-lockfile's (an atomic mkdir of `<folder>.lock`,
 * refreshed while held); the holder's pid is kept beside it so a refusal can name the process, and
 * a lock whose process is gone (kill -9) is taken over at once instead of after it goes stale.
 */
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';

/** A lock nobody refreshed for this long is stale even if its pid looks alive (a reused pid). */
const STALE_MS = 30_000;
/** How often the holder refreshes it. */
const UPDATE_MS = 10_000;

/** Another live process holds the folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number | null,
  ) {
    const who = pid ? `process ${pid}` : 'another process';
    super(
      `The data folder ${folder} is in use by ${who} (npm start?). Stop it, or set PROMPTSTACK_DATA_DIR to another folder; ` +
        'the embedded database can only be opened by one process at a time.',
    );
    this.name = 'DataFolderInUseError';
  }
}

const lockPath = (dir: string) => `${dir}.lock`;
const pidPath = (dir: string) => `${dir}.lock.pid`;

function holderPid(dir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(pidPath(dir), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(dir: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  // realpath: false, so the folder need not exist yet (PGlite creates it after we hold the lock).
  return lockfile.lock(dir, { lockfilePath: lockPath(dir), realpath: false, stale: STALE_MS, update: UPDATE_MS, retries: 0, onCompromised });
}

/**
 * Takes the folder `dir` for this process, or throws DataFolderInUseError naming the live holder.
 * `onCompromised` runs if the lock is lost while held (another process removed it): the caller
 * must stop writing. Resolves with the release function (also released when the process exits).
 */
export async function lockDataFolder(dir: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  let release: () => Promise<void>;
  try {
    release = await tryLock(dir, onCompromised);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const pid = holderPid(dir);
    // No pid yet: the holder is between taking the lock and writing its pid (or died right there,
    // and the lock goes stale after STALE_MS). A live pid, this process's included, holds it.
    if (pid === null || isAlive(pid)) throw new DataFolderInUseError(dirname(dir), pid);
    // The holder died without releasing (kill -9): mark its lock stale so proper-lockfile replaces it.
    const old = new Date(0);
    try {
      utimesSync(lockPath(dir), old, old);
    } catch {
      // Already gone: the retry simply takes it.
    }
    try {
      release = await tryLock(dir, onCompromised);
    } catch (retryError) {
      if ((retryError as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataFolderInUseError(dirname(dir), holderPid(dir));
      throw retryError;
    }
  }
  writeFileSync(pidPath(dir), String(process.pid));
  return async () => {
    rmSync(pidPath(dir), { force: true });
    await release();
  };
}
