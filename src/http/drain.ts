// Graceful close (SIGTERM → app.close(), src/server.ts). Node's server.close() stops accepting and
// closes the keep-alive connections that are idle at that moment, but a connection whose response
// is still streaming (a limit=1000000 export) only becomes idle later and would then hold the
// close open until keepAliveTimeout (72 s). So, once closing, each connection is ended as soon
// as its response has been sent — the same way Node ends a `Connection: close` response.
import type { FastifyInstance } from 'fastify';

export function registerDrainOnClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onResponse', async (request) => {
    const socket = request.raw.socket;
    // app.inject's stand-in socket has no destroySoon, and has no connection to end either.
    if (closing && typeof socket.destroySoon === 'function') socket.destroySoon();
  });
}
