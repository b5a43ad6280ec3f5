// Process entry: load config, build the app, listen, close gracefully on SIGTERM/SIGINT.
import { pathToFileURL } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';

export async function startServer(config: Config): Promise<void> {
  const { app, bootstrap } = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // PORT=0 asks the OS for a free port: print the port actually bound, not 0.
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const base = `http://${shown}:${port}/service`;
  if (bootstrap) {
    // Shown once: the token is stored only as a hash.
    console.log(
      [
        '',
        `Classicbook: created account "${bootstrap.account.name}" with owner ${bootstrap.user.email}`,
        `  API token:  ${bootstrap.token}`,
        `  API base:   ${base}   (BatchBook.site = '${base}')`,
        `  Try:        curl -u ${bootstrap.token}: ${base}/people.xml`,
        '',
      ].join('\n'),
    );
  } else {
    console.log(`Classicbook listening: ${base} (reset a token with: npx classicbook token reset ACCOUNT EMAIL)`);
  }
  // app.close() stops accepting connections, closes idle keep-alive ones, waits for in-flight
  // responses (a streamed limit=1000000 export included; their connections end with them, see
  // src/http/drain.ts) and only then runs the onClose hooks that close the database pool and
  // Redis (test/shutdown.test.ts).
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) {
      // A second signal means the operator does not want to wait for the drain.
      app.log.error({ signal }, 'second signal while draining: exiting without waiting for in-flight requests');
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal, timeoutSeconds: config.shutdownTimeoutSeconds }, 'shutting down: draining requests');
    // A client that stops reading would hold the drain open forever; the orchestrator's own kill
    // comes later and without a log line, so give up first and say why.
    setTimeout(() => {
      app.log.error(
        { timeoutSeconds: config.shutdownTimeoutSeconds },
        'shutdown timed out: in-flight requests did not finish within CLASSICBOOK_SHUTDOWN_TIMEOUT, exiting',
      );
      process.exit(1);
    }, config.shutdownTimeoutSeconds * 1000);
    app.close().then(
      () => {
        app.log.info('shut down: requests drained, database closed');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  await startServer(config);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
