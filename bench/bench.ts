// `npm run bench` (issue 6): Classicbook against a hand-written baseline (bench/baseline.ts:
// node:http + better-sqlite3 + hand-built XML) on the same generated data, on the same machine, in
// the same run. Each measurement is interleaved A B A B (Classicbook, baseline, Classicbook,
// baseline) with the same request sequence for both, so drift on a noisy shared machine hits both
// alike; ratios are Classicbook's req/s over the baseline's. Both servers get their own copy of
// the data set, the same durability (WAL, synchronous=FULL) and no rate limit.
//
// Options (after `npm run bench --`):
//   --people N            people in the main data set (default 100000)
//   --qtext-people N      people in the set for the qtext target (default 1000000; 0 skips it)
//   --seconds S           length of each measured run (default 3)
//   --concurrency LIST    connection counts (default 1,16,64)
//   --export-concurrency LIST  concurrent full exports (default 1,4: each is ~100 MB of XML)
//   --only LIST           workloads to run (names in bench/workloads.ts)
//   --dir DIR             where data sets and results are kept (default bench-data)
// The results go to DIR/results/<time>.{md,json} and to stdout; the process exits 1 when the
// servers disagree on a response (the comparison would be meaningless) or a run had failures.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareServers } from './baseline-check.js';
import { ensureDataset } from './dataset.js';
import { BENCH_TOKEN } from './dataset-model.js';
import { runLoad } from './load.js';
import { renderReport, summarise, type Measurement, type Side } from './report.js';
import { spawnServer, startServer, stopServer, type ServerProcess } from './soak-server.js';
import { WORKLOADS, type Workload, type WorkloadName } from './workloads.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Options {
  people: number;
  qtextPeople: number;
  seconds: number;
  concurrency: number[];
  exportConcurrency: number[];
  only: Set<WorkloadName> | null;
  dir: string;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const list = (raw: string | undefined, fallback: number[]): number[] => (raw ? raw.split(',').map(Number) : fallback);
  const only = get('only');
  return {
    people: Number(get('people') ?? 100_000),
    qtextPeople: Number(get('qtext-people') ?? 1_000_000),
    seconds: Number(get('seconds') ?? 3),
    concurrency: list(get('concurrency'), [1, 16, 64]),
    exportConcurrency: list(get('export-concurrency'), [1, 4]),
    only: only ? new Set(only.split(',') as WorkloadName[]) : null,
    dir: resolve(ROOT, get('dir') ?? 'bench-data'),
  };
}

interface Pair {
  classicbook: ServerProcess;
  baseline: ServerProcess;
}

async function startPair(classicbookDb: string, baselineDb: string): Promise<Pair> {
  const classicbook = await startServer(ROOT, {
    DATABASE_URL: `sqlite:${classicbookDb}`,
    CLASSICBOOK_RATE_LIMIT: 'off',
    CLASSICBOOK_AUTH_FAIL_LIMIT: 'off',
    LOG_LEVEL: 'warn',
  });
  const baseline = await spawnServer(ROOT, ['dist-bench/baseline.js', '--db', baselineDb, '--port', '0'], {}, /baseline listening (http:\/\/127\.0\.0\.1:\d+)/);
  return { classicbook, baseline };
}

async function stopPair(pair: Pair): Promise<void> {
  await Promise.all([stopServer(pair.classicbook), stopServer(pair.baseline)]);
}

/** Both servers must give the same answers to the read workloads' requests, or the ratios mean nothing. */
async function checkSameAnswers(pair: Pair, people: number, names: WorkloadName[]): Promise<void> {
  const calls = WORKLOADS.filter((w) => names.includes(w.name)).flatMap((w) => {
    const next = w.generator(people, 7);
    return Array.from({ length: 5 }, next);
  });
  const diffs = await compareServers(pair.classicbook.base, pair.baseline.base, BENCH_TOKEN, calls);
  if (diffs.length > 0) throw new Error(`Classicbook and the baseline answer differently:\n${diffs.slice(0, 10).join('\n')}`);
  console.log(`  same answers from both servers for ${calls.length} requests`);
}

const seedOf = (w: string, c: number, round: number): number => [...`${w}:${c}:${round}`].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261);

/** A B A B for one workload at one concurrency. */
async function measure(pair: Pair, w: Workload, people: number, connections: number, opts: Options, set: string): Promise<Measurement> {
  const sides: Record<Side, Awaited<ReturnType<typeof runLoad>>[]> = { classicbook: [], baseline: [] };
  for (let round = 0; round < 2; round++) {
    for (const side of ['classicbook', 'baseline'] as const) {
      const server = pair[side];
      const amount = w.perConnection === undefined ? undefined : w.perConnection * connections;
      const result = await runLoad({
        base: server.base,
        token: BENCH_TOKEN,
        connections,
        seconds: opts.seconds,
        ...(amount === undefined ? {} : { amount }),
        next: w.generator(people, seedOf(w.name, connections, round)),
        pid: server.child.pid as number,
      });
      sides[side].push(result);
    }
  }
  const m = summarise(set, w.name, connections, sides.classicbook, sides.baseline);
  console.log(
    `  ${w.name.padEnd(16)} c=${String(connections).padEnd(3)} classicbook ${m.classicbook.rps.toFixed(m.classicbook.rps < 10 ? 2 : 0).padStart(6)} req/s p99 ${m.classicbook.p99.toFixed(2)} ms` +
      ` | baseline ${m.baseline.rps.toFixed(m.baseline.rps < 10 ? 2 : 0).padStart(6)} req/s p99 ${m.baseline.p99.toFixed(2)} ms | ratio ${m.ratio.toFixed(2)}` +
      ` | rss ${(m.classicbook.peakRss / 2 ** 20).toFixed(0)}/${(m.baseline.peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
  return m;
}

function selected(opts: Options, names: WorkloadName[]): Workload[] {
  return WORKLOADS.filter((w) => names.includes(w.name) && (opts.only === null || opts.only.has(w.name)));
}

async function runSet(opts: Options, people: number, names: WorkloadName[], out: Measurement[]): Promise<void> {
  const workloads = selected(opts, names);
  if (workloads.length === 0) return;
  const source = await ensureDataset(people, opts.dir, (s) => console.log(`  ${s}`));
  const work = mkdtempSync(join(opts.dir, 'run-'));
  const set = `${people.toLocaleString('en-US')} people`;
  try {
    const writes = workloads.some((w) => ['create', 'update', 'mixed'].includes(w.name));
    const cbDb = join(work, 'classicbook.sqlite');
    copyFileSync(source, cbDb);
    // Reads only: one copy serves both (SQLite readers in two processes); writes need two.
    const baseDb = writes ? join(work, 'baseline.sqlite') : cbDb;
    if (writes) copyFileSync(source, baseDb);
    console.log(`\n${set}: ${source}`);
    const pair = await startPair(cbDb, baseDb);
    try {
      await checkSameAnswers(pair, people, names.filter((n) => !['create', 'update', 'mixed', 'export'].includes(n)));
      // Warm both (JIT, page cache) before anything is measured.
      for (const side of ['classicbook', 'baseline'] as const) {
        const server = pair[side];
        const get = WORKLOADS.find((w) => w.name === 'get') as Workload;
        await runLoad({ base: server.base, token: BENCH_TOKEN, connections: 16, seconds: 2, next: get.generator(people, 1), pid: server.child.pid as number });
      }
      for (const w of workloads) {
        const levels = w.name === 'export' ? opts.exportConcurrency : w.name.startsWith('list-offset') ? [1, 16] : opts.concurrency;
        for (const c of levels) out.push(await measure(pair, w, people, c, opts, set));
      }
    } finally {
      await stopPair(pair);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  mkdirSync(opts.dir, { recursive: true });
  const started = new Date();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`Classicbook benchmark — ${started.toISOString()} — ${machine}; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const out: Measurement[] = [];
  const main: WorkloadName[] = ['get', 'list', 'list-offset-0', 'list-offset-90k', 'create', 'update', 'mixed', 'search-email', 'search-name', 'search-tag', 'qtext', 'export'];
  await runSet(opts, opts.people, main, out);
  if (opts.qtextPeople > 0) await runSet(opts, opts.qtextPeople, ['qtext'], out);
  const report = renderReport(out, { started, machine, seconds: opts.seconds, load: loadavg() });
  const results = join(opts.dir, 'results');
  mkdirSync(results, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(results, `${stamp}.md`), report.markdown);
  writeFileSync(join(results, `${stamp}.json`), JSON.stringify(out, null, 2));
  console.log(`\n${report.markdown}\nwritten to ${join(results, `${stamp}.md`)}`);
  const failures = out.filter((m) => m.classicbook.failed > 0 || m.baseline.failed > 0);
  if (failures.length > 0) {
    console.error(`failed requests in: ${failures.map((m) => `${m.workload} c=${m.connections}`).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
