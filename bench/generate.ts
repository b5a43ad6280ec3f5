// `node dist-bench/generate.js --people 100000 [--dir bench-data]`: make (or find) the benchmark
// data set of that size ahead of a run, and print its path, size and how long it took. The
// benchmark itself calls ensureDataset() too; this is for preparing or timing it alone.
import { statSync } from 'node:fs';
import { ensureDataset } from './dataset.js';

function option(args: string[], flag: string, fallback: string): string {
  const at = args.indexOf(flag);
  if (at < 0) return fallback;
  const value = args[at + 1];
  if (value === undefined) throw new Error(`${flag} needs a value`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const people = Number(option(args, '--people', '100000'));
  const dir = option(args, '--dir', 'bench-data');
  const started = performance.now();
  const file = await ensureDataset(people, dir, (line) => console.log(line));
  const seconds = (performance.now() - started) / 1000;
  const mib = statSync(file).size / 1024 / 1024;
  console.log(`${file}  ${mib.toFixed(1)} MiB  ${seconds.toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
