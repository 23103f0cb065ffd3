// One server per SQLite data dir. A second server on the same file would keep its own caches (policies,
// sessions) and run the same background work (deletion tasks, flow runs) as the first, so the first
// server holds an exclusive lock on `linkedrole.lock` in the data dir for as long as it runs.
//
// The lock is SQLite's own (better-sqlite3, already the store): a connection in EXCLUSIVE locking mode
// keeps the file lock its first write transaction took until it closes. That is a POSIX record lock,
// which the operating system drops when the process ends however it ends (SIGKILL, a crash, power
// loss), so no stale lock is ever left to block the next start. (proper-lockfile and other lock-file
// libraries decide staleness by a timeout instead, which would block a restart after SIGKILL.)
// The holder's pid is written next to the lock, only to name it in the second server's error.
// `linkedrole audit` and other readers of the store do not take the lock.
import SQLite from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeStoreError, StoreOpenError } from './database.js';

export const LOCK_FILE = 'linkedrole.lock';
export const PID_FILE = 'linkedrole.pid';

export interface DataDirLock {
  readonly dataDir: string;
  /** Lets the next server start (also done by the operating system when this process ends). */
  release(): void;
}

/** The data dir is in use by another server (its pid when known). */
export class DataDirLockedError extends StoreOpenError {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
  ) {
    super(
      `cannot open the data dir ${dataDir}: another linkedrole server${holderPid !== undefined ? ` (pid ${holderPid})` : ''} is using it. ` +
        'Stop that server, or give this one another --data-dir; several servers can share one store only on PostgreSQL (--store postgres).',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Takes the data dir's lock, or throws DataDirLockedError while another server (any process) holds it. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  let file: SQLite.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    // timeout 0: refuse at once rather than wait for the other server to stop.
    file = new SQLite(join(dataDir, LOCK_FILE), { timeout: 0 });
    // No journal file: the lock file holds no data, only its lock.
    file.pragma('journal_mode = MEMORY');
    file.pragma('locking_mode = EXCLUSIVE');
    // An empty write transaction: it takes the EXCLUSIVE lock, which this locking mode then keeps.
    file.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    file?.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirLockedError(dataDir, holderPid(dataDir));
    throw new StoreOpenError(`cannot open the data dir ${dataDir}: ${describeStoreError(error)}`, error);
  }
  const pidFile = join(dataDir, PID_FILE);
  try {
    writeFileSync(pidFile, `${process.pid}\n`);
  } catch {
    // Only the second server's error names the pid; a full disk is reported when the store opens.
  }
  const lock = file;
  let released = false;
  return {
    dataDir,
    release() {
      if (released) return;
      released = true;
      if (holderPid(dataDir) === process.pid) rmSync(pidFile, { force: true });
      lock.close();
    },
  };
}

function holderPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, PID_FILE), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
