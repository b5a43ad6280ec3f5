// Compile once before the suite: the process-level tests (bad config exits 1, CLI, server start)
// run the built server exactly as `npm start` does. Then make sure PostgreSQL answers, since half
// of the suite runs on it (.ci/run starts it when it is down).
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default async function setup(): Promise<void> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('select 1');
  } catch (err) {
    throw new Error(`PostgreSQL is needed for the postgres half of the suite at ${url}: ${String(err)}`);
  } finally {
    await pool.end();
  }
}
