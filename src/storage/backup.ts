// `classicbook backup` / `classicbook restore`: consistent online copies of the configured
// database. SQLite uses its online backup API (better-sqlite3's db.backup), which reads the
// database and its WAL as one snapshot while the server keeps writing; PostgreSQL is handed to
// pg_dump (docs/deploy.md, Backups). Restore replaces a SQLite file that no process has open.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import type { DatabaseSetting } from '../config.js';

/** A backup or restore refused for a reason the operator can fix; the CLI prints it and exits 1. */
export class BackupError extends Error {}

const PG_DOCS = 'see docs/deploy.md, "Backups" (pg_dump / pg_restore)';

export interface BackupResult {
  file: string;
  /** pages copied (SQLite) or null (pg_dump) */
  pages: number | null;
}

export async function backupDatabase(setting: DatabaseSetting, file: string): Promise<BackupResult> {
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name`);
  if (!existsSync(dirname(file))) throw new BackupError(`directory ${dirname(file)} does not exist`);
  if (setting.dialect === 'postgres') return pgDump(setting, file);
  if (setting.path === ':memory:') throw new BackupError('DATABASE_URL is an in-memory database: nothing to back up');
  if (!existsSync(setting.path)) throw new BackupError(`no database at ${setting.path}`);
  const db = new SQLite(setting.path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return { file, pages: await snapshot(db, file) };
  } finally {
    db.close();
  }
}

/**
 * Copy everything in one backup step. Between steps, a write by another process (the server)
 * restarts the copy from the first page: a 4000-page file under ~130 commits/s restarted 53 times
 * in 100-page steps (the default), so a larger or busier database might never finish. One step
 * reads one snapshot under a read lock, which in WAL mode does not block writers (126 ms there).
 */
async function snapshot(db: SQLite.Database, file: string): Promise<number> {
  const done = await db.backup(file, { progress: () => 0x7fffffff });
  return done.totalPages;
}

async function pgDump(setting: Extract<DatabaseSetting, { dialect: 'postgres' }>, file: string): Promise<BackupResult> {
  const args = ['--format=custom', `--file=${file}`, ...(setting.schema ? [`--schema=${setting.schema}`] : []), setting.url];
  const { code, stderr } = await run('pg_dump', args);
  if (code === 'ENOENT') throw new BackupError(`pg_dump is not on PATH; install the PostgreSQL client tools or ${PG_DOCS}`);
  if (code !== 0) throw new BackupError(`pg_dump failed (${String(code)}): ${stderr.trim()}`);
  return { file, pages: null };
}

function run(cmd: string, args: string[]): Promise<{ code: number | string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => resolve({ code: err.code ?? 'error', stderr: err.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

export interface RestoreResult {
  /** the replaced database, kept beside it; null when there was none */
  previous: string | null;
}

/** Replace the configured SQLite database with `file`, after checking that it is a Classicbook backup. */
export async function restoreDatabase(setting: DatabaseSetting, file: string, now = new Date()): Promise<RestoreResult> {
  if (setting.dialect === 'postgres') throw new BackupError(`restore works on SQLite only; for PostgreSQL use pg_restore, ${PG_DOCS}`);
  if (setting.path === ':memory:') throw new BackupError('DATABASE_URL is an in-memory database: nothing to restore into');
  const target = setting.path;
  const staged = `${target}.restore-${process.pid}`;
  // Like the server's first start (openStorage), a new database path gets its directory.
  mkdirSync(dirname(target), { recursive: true });
  try {
    await stage(file, staged);
    const previous = existsSync(target) ? await setAside(target, now) : null;
    // A -wal left beside the new file would be replayed onto it: it belongs to the old database.
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(staged, target);
    return { previous };
  } finally {
    rmSync(staged, { force: true });
  }
}

/** Check the backup (a SQLite file, intact, migrated by Classicbook) and copy it to `staged`. */
async function stage(file: string, staged: string): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`no backup at ${file}`);
  let src: SQLite.Database;
  try {
    src = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as SQLite: ${(err as Error).message}`);
  }
  try {
    checkBackup(src, file);
    // Through the backup API rather than a file copy, so a -wal beside the backup is included.
    await snapshot(src, staged);
  } finally {
    src.close();
  }
}

function checkBackup(src: SQLite.Database, file: string): void {
  let migrations: unknown;
  let integrity: unknown;
  try {
    migrations = src.prepare(`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`).get();
    integrity = src.pragma('integrity_check', { simple: true });
  } catch (err) {
    throw new BackupError(`${file} is not a SQLite database: ${(err as Error).message}`);
  }
  if (migrations === undefined) throw new BackupError(`${file} is not a Classicbook database (no migrations table)`);
  if (integrity !== 'ok') throw new BackupError(`${file} fails PRAGMA integrity_check: ${String(integrity)}`);
}

/**
 * Keep the current database as TARGET.bak-<timestamp>. An exclusive lock taken without waiting
 * proves that no process (a running server) has the file open; the copy goes through the
 * backup API so commits still in its WAL are kept.
 */
async function setAside(target: string, now: Date): Promise<string> {
  const db = new SQLite(target, { fileMustExist: true, timeout: 0 });
  try {
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('begin exclusive; commit');
    } catch {
      throw new BackupError(`${target} is in use (is the server running?); stop it before restoring`);
    }
    const previous = `${target}.bak-${now.toISOString().replace(/[:.]/g, '-')}`;
    await snapshot(db, previous);
    return previous;
  } finally {
    db.close();
  }
}
