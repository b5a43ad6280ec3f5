// The benchmark's data set: what it holds (bench/dataset-model.ts, re-exported here for the
// driver) and ensureDataset(), which returns a ready SQLite file for a number of people. The file
// is made once per size and GENERATOR_VERSION and reused: the schema comes from Classicbook's own
// `migrate` (so tables, indexes and FTS triggers are exactly the server's; a reused file is
// migrated again, which applies only what is new), the rows from
// bench/dataset-build.ts. It is written under a temporary name and renamed when complete, so an
// interrupted run never leaves a file that looks finished.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fillDatabase } from './dataset-build.js';
import { GENERATOR_VERSION } from './dataset-model.js';

export {
  BENCH_ACCOUNT, BENCH_TOKEN, GENERATOR_VERSION, TAG_NAMES, companyCount, companyId, companyName, fullName, personAt, personId,
  type PersonData,
} from './dataset-model.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

/** Create the schema exactly as Classicbook does: its CLI's `migrate` on the new file. */
async function migrate(file: string): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: `sqlite:${file}` };
  await run(process.execPath, ['bin/classicbook.js', 'migrate'], { cwd: ROOT, env });
}

/** Temporary files of earlier runs that died (their process is gone): never complete, so remove them. */
function removeStale(dir: string, name: string): void {
  for (const entry of readdirSync(dir)) {
    const m = new RegExp(`^${name.replace(/\./g, '\\.')}\\.tmp-(\\d+)`).exec(entry);
    if (m && !alive(Number(m[1]))) rmSync(join(dir, entry), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The path of the data set with `people` people in `dir`, generating it when it is not there yet. */
export async function ensureDataset(people: number, dir: string, log: (s: string) => void = () => undefined): Promise<string> {
  if (!Number.isInteger(people) || people < 1) throw new Error(`people must be a positive integer, not ${people}`);
  const name = `classicbook-${people}-v${GENERATOR_VERSION}.sqlite`;
  const target = resolve(dir, name);
  if (existsSync(target)) {
    // Migrations added since the file was made apply here, once, so that both servers of the
    // benchmark start from the same schema (the baseline does not migrate).
    await migrate(target);
    return target;
  }
  mkdirSync(dir, { recursive: true });
  removeStale(dir, name);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    log(`generating ${target} (${people} people)`);
    await migrate(tmp);
    fillDatabase(tmp, people, log);
    // Closing the last connection checkpoints and removes the WAL; anything left means it did not.
    if (existsSync(`${tmp}-wal`)) throw new Error(`${tmp}-wal remains after closing`);
    renameSync(tmp, target);
    return target;
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}
