// One measured load run: autocannon drives `connections` keep-alive connections against a server
// for a fixed time (or a fixed number of requests), each request made by the workload's generator.
// Latency is recorded per response with microsecond resolution (autocannon's own histogram keeps
// whole milliseconds, too coarse for sub-millisecond reads). While it runs, the server's peak RSS
// is tracked from /proc (VmHWM after resetting it, and VmRSS sampled as a fallback), and this
// driver's own CPU use is measured: a driver near one full core means the figure is bounded by the
// driver, not by the server.
import { writeFileSync } from 'node:fs';
import autocannon, { type Request } from 'autocannon';
import { statusBytes } from './soak-server.js';

export interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
}

export interface RunSpec {
  base: string;
  token: string;
  connections: number;
  /** seconds; ignored when `amount` is set */
  seconds: number;
  /** a fixed number of requests instead of a duration (exports) */
  amount?: number;
  next: () => Call;
  /** server process, for its memory */
  pid: number;
}

export interface RunResult {
  requests: number;
  ok: number;
  /** responses other than 2xx, and transport errors/timeouts */
  failed: number;
  seconds: number;
  rps: number;
  /** latencies in ms, sorted ascending */
  latencies: number[];
  bytes: number;
  peakRss: number;
  /** CPU of this driver process as a fraction of one core */
  driverCpu: number;
}

/** Reset the kernel's peak-RSS mark of `pid` (Linux: write 5 to clear_refs); false if refused. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export async function runLoad(spec: RunSpec): Promise<RunResult> {
  const auth = `Basic ${Buffer.from(`${spec.token}:`).toString('base64')}`;
  const peakResettable = resetPeak(spec.pid);
  let sampled = statusBytes(spec.pid, 'VmRSS') ?? 0;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, statusBytes(spec.pid, 'VmRSS') ?? 0);
  }, 50);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let finish: (r: autocannon.Result) => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: spec.base,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.seconds }),
    timeout: 120,
    headers: { authorization: auth },
    requests: [
      {
        setupRequest: (req: Request): Request => {
          const call = spec.next();
          const headers: Record<string, string> = { authorization: auth };
          if (call.body !== undefined) headers['content-type'] = 'application/xml';
          return { ...req, method: call.method, path: call.path, headers, body: call.body };
        },
      },
    ],
  };
  const instance = autocannon(options, (err, r) => (err ? fail(err) : finish(r)));
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) {
      ok += 1;
      latencies.push(ms);
    } else failed += 1;
  });
  const result = await done;
  clearInterval(sampler);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const peak = peakResettable ? (statusBytes(spec.pid, 'VmHWM') ?? 0) : 0;
  latencies.sort((a, b) => a - b);
  return {
    requests: ok + failed,
    ok,
    failed: failed + result.errors + result.timeouts,
    seconds,
    rps: ok / seconds,
    latencies,
    bytes: result.throughput.total,
    peakRss: Math.max(peak, sampled),
    driverCpu: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}

/** The q-quantile (0..1) of ascending `sorted` by nearest rank; 0 for an empty list. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
