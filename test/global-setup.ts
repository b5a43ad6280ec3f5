// Compile once before the suite: the process-level tests (bad config exits 1, CLI, server start)
// run the built server exactly as `npm start` does.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
