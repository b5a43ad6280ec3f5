// Figures of the benchmark: the runs of each side merged (req/s averaged over the rounds,
// percentiles over all latencies of the rounds, peak RSS the highest), the ratio to the baseline,
// and the issue-6 targets checked against them.
import { percentile, type RunResult } from './load.js';

export type Side = 'classicbook' | 'baseline';

export interface SideFigures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
  peakRss: number;
  /** highest CPU of the load driver during the runs, in cores */
  driverCpu: number;
}

export interface Measurement {
  set: string;
  workload: string;
  connections: number;
  classicbook: SideFigures;
  baseline: SideFigures;
  /** Classicbook's req/s over the baseline's */
  ratio: number;
}

function figures(runs: RunResult[]): SideFigures {
  const all = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    rps: runs.reduce((s, r) => s + r.rps, 0) / runs.length,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    requests: runs.reduce((s, r) => s + r.requests, 0),
    failed: runs.reduce((s, r) => s + r.failed, 0),
    peakRss: Math.max(...runs.map((r) => r.peakRss)),
    driverCpu: Math.max(...runs.map((r) => r.driverCpu)),
  };
}

export function summarise(set: string, workload: string, connections: number, classicbook: RunResult[], baseline: RunResult[]): Measurement {
  const cb = figures(classicbook);
  const base = figures(baseline);
  return { set, workload, connections, classicbook: cb, baseline: base, ratio: base.rps > 0 ? cb.rps / base.rps : 0 };
}

const MiB = 2 ** 20;
const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(1));
/** req/s; a full export takes seconds, so its rate needs decimals. */
const rate = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(0));

interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

function find(ms: Measurement[], workload: string, connections: number, set?: string): Measurement | undefined {
  return ms.find((m) => m.workload === workload && m.connections === connections && (set === undefined || m.set === set));
}

/** The table of issue 6, evaluated on what was measured (c=16; qtext on the largest set). */
export function targets(all: Measurement[]): Target[] {
  const out: Target[] = [];
  const main = all[0]?.set;
  const at16 = (w: string): Measurement | undefined => find(all, w, 16, main);
  const get = at16('get');
  if (get) {
    out.push({ what: 'GET person', target: '≥ 0.6 × baseline req/s', measured: `${get.ratio.toFixed(2)} ×`, met: get.ratio >= 0.6 });
    out.push({ what: 'GET person', target: 'p99 < 5 ms', measured: `${ms(get.classicbook.p99)} ms`, met: get.classicbook.p99 < 5 });
  }
  const list = at16('list');
  if (list) out.push({ what: 'list 100', target: '≥ 0.6 × baseline req/s', measured: `${list.ratio.toFixed(2)} ×`, met: list.ratio >= 0.6 });
  const first = at16('list-offset-0');
  const deep = at16('list-offset-90k');
  if (first && deep) {
    const cost = first.classicbook.rps / deep.classicbook.rps;
    out.push({ what: 'page at offset 90,000', target: '≤ 2 × the cost of offset 0', measured: `${cost.toFixed(2)} × (${first.classicbook.rps.toFixed(0)} vs ${deep.classicbook.rps.toFixed(0)} req/s)`, met: cost <= 2 });
  }
  for (const w of ['create', 'update']) {
    const m = at16(w);
    if (m) out.push({ what: w, target: '≥ 0.5 × baseline req/s', measured: `${m.ratio.toFixed(2)} ×`, met: m.ratio >= 0.5 });
  }
  for (const w of ['search-email', 'search-name', 'search-tag']) {
    const m = at16(w);
    if (m && get) {
      const r = m.classicbook.rps / get.baseline.rps;
      out.push({ what: w, target: "≥ 0.5 × baseline's GET person req/s", measured: `${r.toFixed(2)} × (${m.classicbook.rps.toFixed(0)} req/s)`, met: r >= 0.5 });
    }
  }
  const qtexts = all.filter((m) => m.workload === 'qtext' && m.connections === 16);
  const biggest = qtexts[qtexts.length - 1];
  if (biggest) out.push({ what: `qtext on ${biggest.set}`, target: 'p99 < 50 ms', measured: `${ms(biggest.classicbook.p99)} ms`, met: biggest.classicbook.p99 < 50 });
  const exports = all.filter((m) => m.workload === 'export');
  if (exports.length > 0) {
    const peak = Math.max(...exports.map((m) => m.classicbook.peakRss));
    out.push({ what: 'full export', target: 'streamed, peak RSS < 256 MiB', measured: `${(peak / MiB).toFixed(0)} MiB`, met: peak < 256 * MiB });
  }
  const others = all.filter((m) => m.workload !== 'export');
  if (others.length > 0) {
    const peak = Math.max(...others.map((m) => m.classicbook.peakRss));
    out.push({ what: 'any other workload', target: 'peak RSS < 200 MiB', measured: `${(peak / MiB).toFixed(0)} MiB`, met: peak < 200 * MiB });
  }
  return out;
}

export function renderReport(all: Measurement[], meta: { started: Date; machine: string; seconds: number; load: number[] }): { markdown: string } {
  const lines: string[] = [];
  lines.push(`Benchmark of ${meta.started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${meta.machine}; ${meta.seconds} s per run, A B A B; load average at the end ${meta.load.map((l) => l.toFixed(1)).join(' ')}.`);
  lines.push('');
  lines.push('| data set | workload | c | Classicbook req/s | p50 ms | p99 ms | peak RSS MiB | baseline req/s | p50 ms | p99 ms | peak RSS MiB | ratio | driver CPU |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const m of all) {
    const c = m.classicbook;
    const b = m.baseline;
    lines.push(
      `| ${m.set} | ${m.workload} | ${m.connections} | ${rate(c.rps)} | ${ms(c.p50)} | ${ms(c.p99)} | ${(c.peakRss / MiB).toFixed(0)} | ` +
        `${rate(b.rps)} | ${ms(b.p50)} | ${ms(b.p99)} | ${(b.peakRss / MiB).toFixed(0)} | ${m.ratio.toFixed(2)} | ${Math.max(c.driverCpu, b.driverCpu).toFixed(2)} |`,
    );
  }
  lines.push('');
  lines.push('| target (c=16) | wanted | measured | met |');
  lines.push('|---|---|---|---|');
  for (const t of targets(all)) lines.push(`| ${t.what} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  const failed = all.filter((m) => m.classicbook.failed + m.baseline.failed > 0);
  if (failed.length > 0) lines.push('', `Failed requests: ${failed.map((m) => `${m.workload} c=${m.connections} (${m.classicbook.failed}/${m.baseline.failed})`).join(', ')}`);
  return { markdown: lines.join('\n') };
}
