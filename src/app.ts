// buildApp(config): the HTTP plugins and every resource, registered explicitly.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { registerBodyParsers } from './http/body.js';
import { frameworkError, registerErrorHandling } from './http/errors.js';
import { registerGuard } from './http/guard.js';
import { registerDrainOnClose } from './http/drain.js';
import { refuseControlCharacters } from './http/request.js';
import { stripFormatSuffix } from './http/format.js';
import { collectRoutes } from './http/routes-table.js';
import { serializeRequest } from './http/log-redact.js';
import type { RateLimitStore } from './http/rate-limit.js';
import { RedisRateLimitStore } from './http/rate-limit-redis.js';
import { registerCommentRoutes } from './resources/comments/comments.routes.js';
import { registerCompanyRoutes } from './resources/companies/companies.routes.js';
import { registerLocationRoutes } from './resources/locations/locations.routes.js';
import { registerPeopleRoutes } from './resources/people/people.routes.js';
import { registerRelatedContactRoutes } from './resources/related/related.routes.js';
import { registerSuperTagRoutes } from './resources/super-tags/super-tags.routes.js';
import { registerTagRoutes } from './resources/tags/tags.routes.js';
import { registerUserRoutes } from './resources/users/users.routes.js';
import { registerTodoRoutes } from './resources/todos/todos.routes.js';
import { registerCommunicationRoutes } from './resources/communications/communications.routes.js';
import { registerDealRoutes } from './resources/deals/deals.routes.js';
import { registerRecordRoutes } from './resources/records/records.routes.js';
import { registerAffiliationRoutes } from './resources/affiliations/affiliations.routes.js';
import { registerListRoutes } from './resources/lists/lists.routes.js';
import { registerActivityRoutes } from './resources/activities/activities.routes.js';
import { createServices, type Services } from './services.js';
import { ensureSchema, openStorage, type Storage } from './storage/db.js';
import { migrateToLatest } from './storage/migrate.js';
import type { IssuedToken } from './resources/accounts/accounts.service.js';

export interface App {
  app: FastifyInstance;
  services: Services;
  storage: Storage;
  /** set when this start created the bootstrap account (first start on an empty database) */
  bootstrap: IssuedToken | null;
}

export interface BuildOptions {
  /** log destination; tests pass `false` */
  logger?: boolean | object;
  rateLimitStore?: RateLimitStore;
  /** where the default (redacting) logger writes instead of stdout; tests capture it */
  logStream?: { write(line: string): void };
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  await ensureSchema(config.database);
  const storage = openStorage(config.database);
  // Rolling deploys run `classicbook migrate` once and start instances with CLASSICBOOK_MIGRATE=off.
  if (config.migrateOnStart) await migrateToLatest(storage.db, storage.schema);
  const services = createServices(storage.db, config);
  const bootstrap = await services.accounts.bootstrap(config.bootstrapAccount, config.bootstrapToken);

  const app = Fastify({
    logger:
      options.logger === undefined
        ? {
            level: config.logLevel,
            // Never log credentials (STYLE.md, small rules).
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: { req: serializeRequest },
            ...(options.logStream ? { stream: options.logStream } : {}),
          }
        : options.logger,
    bodyLimit: config.bodyLimit,
    // X-Forwarded-* only from configured proxies (CLASSICBOOK_TRUST_PROXY, default none).
    trustProxy: config.trustProxy,
    rewriteUrl: (req) => stripFormatSuffix(req),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    frameworkErrors: frameworkError,
  });
  collectRoutes(app);
  app.decorateRequest('caller', null);
  registerBodyParsers(app);
  registerErrorHandling(app);
  refuseControlCharacters(app);
  registerDrainOnClose(app);

  let rateLimitStore = options.rateLimitStore;
  if (rateLimitStore === undefined && config.redisUrl !== null && (config.rateLimit.max > 0 || config.authFailLimit.max > 0)) {
    const redis = await RedisRateLimitStore.open(config.redisUrl, { prefix: config.rateLimitPrefix, log: app.log });
    app.addHook('onClose', async () => redis.close());
    rateLimitStore = redis;
  }
  registerGuard(app, config, services.accounts, rateLimitStore);

  // Probes for load balancers and orchestrators: no auth, no rate limit.
  app.get('/healthz', async (_req, reply) => reply.type('application/json').send({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await storage.ping();
      return reply.type('application/json').send({ status: 'ready', database: storage.dialect });
    } catch (err) {
      app.log.error({ err }, 'readiness check: database unreachable');
      return reply.code(503).type('application/json').send({ status: 'unavailable', database: storage.dialect });
    }
  });

  registerPeopleRoutes(app, services);
  registerCompanyRoutes(app, services);
  registerLocationRoutes(app, services);
  registerTagRoutes(app, services);
  registerSuperTagRoutes(app, services);
  registerCommentRoutes(app, services);
  registerUserRoutes(app, services);
  registerRelatedContactRoutes(app, services);
  registerTodoRoutes(app, services);
  registerCommunicationRoutes(app, services);
  registerDealRoutes(app, services);
  registerRecordRoutes(app, services);
  registerAffiliationRoutes(app, services);
  registerListRoutes(app, services);
  registerActivityRoutes(app, services);

  app.addHook('onClose', async () => storage.close());
  return { app, services, storage, bootstrap };
}
