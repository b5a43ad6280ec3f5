// Every setting of the server, read from the environment and validated once at start.
// A bad value is a ConfigError; the process entry prints it and exits 1.
import { isIP } from 'node:net';

export interface RateLimitSetting {
  /** requests allowed per window; 0 means the limiter is off */
  max: number;
  windowMs: number;
  /** status answered when over the limit (decisions.md: 503, configurable to 429) */
  status: 503 | 429;
}

export type DatabaseSetting =
  | {
      dialect: 'sqlite';
      /** file path, or ':memory:' */
      path: string;
    }
  | {
      dialect: 'postgres';
      /** connection string without our own `schema` parameter */
      url: string;
      /** schema to use (search_path), from `?schema=NAME`; null for the server's default */
      schema: string | null;
      poolSize: number;
    };

export interface Config {
  /** PORT — TCP port to listen on (default 3000) */
  port: number;
  /** HOST — interface to bind (default 0.0.0.0) */
  host: string;
  /** DATABASE_URL — `sqlite:PATH` (default sqlite:./data/classicbook.db), `sqlite::memory:`, or `postgres://…[?schema=NAME]` */
  database: DatabaseSetting;
  /** CLASSICBOOK_MIGRATE — run migrations at start (`on`, default) or not (`off`, for rolling deploys) */
  migrateOnStart: boolean;
  /** REDIS_URL — share rate-limit counters between instances through Redis; unset keeps them in memory */
  redisUrl: string | null;
  /** CLASSICBOOK_RATE_LIMIT_PREFIX — prefix of the Redis keys (default `classicbook:rl:`); give deployments sharing one Redis different ones */
  rateLimitPrefix: string;
  /** CLASSICBOOK_RATE_LIMIT — `N/Ws` (s, m, h), e.g. 60/60s, 1/1s, 3600/1h, or `off` */
  rateLimit: RateLimitSetting;
  /** CLASSICBOOK_AUTH_FAIL_LIMIT — failed authentications per client IP per window before that IP is refused (default 20/60s, or `off`) */
  authFailLimit: RateLimitSetting;
  /** CLASSICBOOK_BOOTSTRAP_ACCOUNT — account created on first start (default demo) */
  bootstrapAccount: string;
  /** CLASSICBOOK_BOOTSTRAP_TOKEN — when set and the database is empty, the owner's token */
  bootstrapToken: string | null;
  /** CLASSICBOOK_BODY_LIMIT — largest request body in bytes (default 1 MiB, decisions.md) */
  bodyLimit: number;
  /** CLASSICBOOK_TAG_NAME_ATTRIBUTE — emit the old `<tag name="...">` attribute (spec §1.8; default off) */
  tagNameAttribute: boolean;
  /** CLASSICBOOK_TRUST_PROXY — believe X-Forwarded-Proto/-For/-Host from `true` (any peer) or a comma list of addresses/CIDRs (default false) */
  trustProxy: boolean | string[];
  /** CLASSICBOOK_SHUTDOWN_TIMEOUT — seconds to drain in-flight requests after SIGTERM before exiting 1 (default 30) */
  shutdownTimeoutSeconds: number;
  /** LOG_LEVEL — pino level (default info) */
  logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ACCOUNT_NAME = /^[a-z][a-z0-9-]{0,62}$/;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function parsePostgresUrl(value: string, poolRaw: string | undefined): DatabaseSetting {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid postgres:// URL`);
  }
  const schema = url.searchParams.get('schema');
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new ConfigError(`DATABASE_URL schema must be lower-case letters, digits and _, got "${schema}"`);
  }
  url.searchParams.delete('schema');
  const poolSize = poolRaw === undefined || poolRaw === '' ? 10 : Number(poolRaw);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) {
    throw new ConfigError(`CLASSICBOOK_DB_POOL_SIZE must be an integer from 1 to 1000, got "${poolRaw}"`);
  }
  return { dialect: 'postgres', url: url.toString(), schema, poolSize };
}

export function parseDatabaseUrl(raw: string | undefined, poolRaw?: string): DatabaseSetting {
  const value = raw === undefined || raw === '' ? 'sqlite:./data/classicbook.db' : raw;
  if (value.startsWith('sqlite:')) {
    let path = value.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new ConfigError('DATABASE_URL sqlite: needs a path, e.g. sqlite:./data/classicbook.db');
    return { dialect: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return parsePostgresUrl(value, poolRaw);
  throw new ConfigError(`DATABASE_URL must look like sqlite:PATH or postgres://HOST/DB, got "${value}"`);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

export function parseRateLimit(raw: string | undefined, statusRaw?: string, name = 'CLASSICBOOK_RATE_LIMIT', defaultMax = 60): RateLimitSetting {
  const status = parseRateLimitStatus(statusRaw);
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return { max: defaultMax, windowMs: 60_000, status };
  if (value === 'off') return { max: 0, windowMs: 60_000, status };
  const m = /^(\d+)\s*\/\s*(\d*)\s*([smh])$/.exec(value);
  if (!m) {
    throw new ConfigError(`${name} must look like 60/60s, 1/1s, 3600/1h or off, got "${raw}"`);
  }
  const max = Number(m[1]);
  const count = m[2] === '' ? 1 : Number(m[2]);
  const unit = m[3] as string;
  if (max < 1 || count < 1) throw new ConfigError(`${name} numbers must be at least 1, got "${raw}"`);
  return { max, windowMs: count * (UNIT_MS[unit] as number), status };
}

function parseRateLimitStatus(raw: string | undefined): 503 | 429 {
  if (raw === undefined || raw === '' || raw === '503') return 503;
  if (raw === '429') return 429;
  throw new ConfigError(`CLASSICBOOK_RATE_LIMIT_STATUS must be 503 or 429, got "${raw}"`);
}

function parseBool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  const v = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseBodyLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1024 * 1024;
  if (!/^\d+$/.test(raw) || Number(raw) < 1024) {
    throw new ConfigError(`CLASSICBOOK_BODY_LIMIT must be a number of bytes of at least 1024, got "${raw}"`);
  }
  return Number(raw);
}

function parseRedisUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!/^rediss?:\/\/.+/.test(raw)) throw new ConfigError(`REDIS_URL must look like redis://HOST:PORT, got "${raw}"`);
  return raw;
}

function parseRateLimitPrefix(raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'classicbook:rl:';
  if (!/^[\x21-\x7e]{1,100}$/.test(raw)) {
    throw new ConfigError(`CLASSICBOOK_RATE_LIMIT_PREFIX must be 1 to 100 printable characters without spaces, got "${raw}"`);
  }
  return raw;
}

// proxy-addr's named ranges, accepted by Fastify's trustProxy beside addresses and CIDRs.
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Off by default: a forwarded header is only as trustworthy as the peer that sent it, and without
 * a proxy in front any client could claim https or another host for the Location header.
 */
export function parseTrustProxy(raw: string | undefined): boolean | string[] {
  const value = (raw ?? '').trim();
  if (value === '') return false;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (!isProxyEntry(entry)) {
      throw new ConfigError(
        `CLASSICBOOK_TRUST_PROXY must be true, false, or a comma list of addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1), got "${entry}"`,
      );
    }
  }
  return entries;
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return false;
  if (slash === -1) return true;
  const prefix = entry.slice(slash + 1);
  // proxy-addr also takes a netmask (255.255.0.0) after the slash; a prefix length is enough here.
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function parseShutdownTimeout(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 30;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600) {
    throw new ConfigError(`CLASSICBOOK_SHUTDOWN_TIMEOUT must be whole seconds from 1 to 3600, got "${raw}"`);
  }
  return Number(raw);
}

export function validateAccountName(name: string, what = 'account name'): string {
  if (!ACCOUNT_NAME.test(name)) {
    throw new ConfigError(`${what} must be lower-case letters, digits and dashes, starting with a letter, got "${name}"`);
  }
  return name;
}

export function loadConfig(env: Env = process.env): Config {
  const token = env.CLASSICBOOK_BOOTSTRAP_TOKEN;
  if (token !== undefined && token !== '' && !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
    throw new ConfigError('CLASSICBOOK_BOOTSTRAP_TOKEN must be 16 to 128 characters of A-Z a-z 0-9 _ -');
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    port: parsePort(env.PORT),
    host: env.HOST === undefined || env.HOST === '' ? '0.0.0.0' : env.HOST,
    database: parseDatabaseUrl(env.DATABASE_URL, env.CLASSICBOOK_DB_POOL_SIZE),
    migrateOnStart: parseBool('CLASSICBOOK_MIGRATE', env.CLASSICBOOK_MIGRATE, true),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    rateLimitPrefix: parseRateLimitPrefix(env.CLASSICBOOK_RATE_LIMIT_PREFIX),
    rateLimit: parseRateLimit(env.CLASSICBOOK_RATE_LIMIT, env.CLASSICBOOK_RATE_LIMIT_STATUS),
    authFailLimit: parseRateLimit(env.CLASSICBOOK_AUTH_FAIL_LIMIT, env.CLASSICBOOK_RATE_LIMIT_STATUS, 'CLASSICBOOK_AUTH_FAIL_LIMIT', 20),
    bootstrapAccount: validateAccountName(env.CLASSICBOOK_BOOTSTRAP_ACCOUNT || 'demo', 'CLASSICBOOK_BOOTSTRAP_ACCOUNT'),
    bootstrapToken: token === undefined || token === '' ? null : token,
    bodyLimit: parseBodyLimit(env.CLASSICBOOK_BODY_LIMIT),
    tagNameAttribute: parseBool('CLASSICBOOK_TAG_NAME_ATTRIBUTE', env.CLASSICBOOK_TAG_NAME_ATTRIBUTE, false),
    trustProxy: parseTrustProxy(env.CLASSICBOOK_TRUST_PROXY),
    shutdownTimeoutSeconds: parseShutdownTimeout(env.CLASSICBOOK_SHUTDOWN_TIMEOUT),
    logLevel,
  };
}
