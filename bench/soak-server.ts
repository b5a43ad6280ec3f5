// Servers under test: a real `node dist/server.js` child (or the bench baseline) on loopback, and
// its memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT — the address the server printed */
  base: string;
  output: () => string;
}

/** Start the server with `env` on an OS-chosen loopback port; resolves once it prints its address. */
export function startServer(root: string, env: Record<string, string>): Promise<ServerProcess> {
  return spawnServer(root, ['dist/server.js'], env, /(?:API base|Classicbook listening):\s+(http:\/\/127\.0\.0\.1:\d+)\/service/);
}

/**
 * Start `node ARGS` in `root` with `env` (plus PATH, HOME, HOST=127.0.0.1, PORT=0); resolves once
 * its output matches `ready`, whose first group is the base URL.
 */
export function spawnServer(root: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const logFile = process.env.SOAK_SERVER_LOG;
  const collect = (chunk: Buffer): void => {
    if (logFile) appendFileSync(logFile, chunk);
    // Keep only the tail: the log is for diagnosing a failure, not for unbounded growth.
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start in 30 s:\n${out}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${String(code)} before listening:\n${out}`)));
    const poll = setInterval(() => {
      const m = ready.exec(out);
      if (!m?.[1]) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, base: m[1], output: () => out });
    }, 50);
  });
}

/** Resident set size of a process in bytes (VmRSS in /proc/PID/status), or null once it is gone. */
export function rssBytes(pid: number): number | null {
  return statusBytes(pid, 'VmRSS');
}

/** A size field of /proc/PID/status in bytes (VmRSS now, VmHWM the peak), or null once it is gone. */
export function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** SIGTERM and wait for the exit code (the server drains and closes its database). */
export function stopServer(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => {
    const kill = setTimeout(() => server.child.kill('SIGKILL'), 40_000);
    server.child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    server.child.kill('SIGTERM');
  });
}
