// The benchmark's hand-written lower bound (issue 6): node:http + better-sqlite3 + XML built by
// string concatenation, answering the benchmarked Classicbook URLs with the same status,
// Content-Type and body bytes, on its own copy of a Classicbook database. It keeps Classicbook's
// durability (WAL, synchronous=FULL) and authentication (Basic, sha256 of the token looked up in
// users.token_hash), so the ratios measure the framework and the code, not a cheaper contract.
//   node dist-bench/baseline.js --db PATH [--port 0]
// prints `baseline listening http://127.0.0.1:PORT`; SIGTERM closes the database and exits 0.
// Routes: GET/POST /service/people.xml, GET/PUT /service/people/{id}.xml, GET /service/records.xml?qtext=.
// bench/baseline-check.ts compares it with Classicbook request by request.
import { createHash } from 'node:crypto';
import http from 'node:http';
import Database from 'better-sqlite3';
import { HttpError, parseRecordBody, type Fields } from './baseline-body.js';
import { NO_PARTS, personXml } from './baseline-person.js';
import { Store, type Fetch, type PeopleFilter } from './baseline-store.js';
import { Writer, type Caller } from './baseline-write.js';
import { XML_DECL, envelope, errorsDocument, recordXml, type Envelope } from './baseline-xml.js';

const CONTENT_TYPE = 'application/xml; charset=utf-8';
const BODY_LIMIT = 1024 * 1024;
/** rows per batch of a streamed answer, as src/resources/records/paginate.ts */
const BATCH = 500;
const PEOPLE = envelope('people');
const RECORDS = envelope('records');
const PEOPLE_PATH = '/service/people';
const NO_TOKEN = 'Access denied: a valid API token is required';
const UNKNOWN_TOKEN = 'Access denied: unknown API token';
/** Classicbook filters the baseline does not implement: refused rather than silently ignored. */
const UNSUPPORTED = ['state', 'updated_since', 'company_id', 'deal_id'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

function send(res: http.ServerResponse, status: number, body: string, location?: string): void {
  const headers = ['content-type', CONTENT_TYPE, 'content-length', String(Buffer.byteLength(body))];
  if (location !== undefined) headers.push('location', location);
  if (status === 401) headers.push('www-authenticate', 'Basic realm="BatchBook"');
  res.writeHead(status, headers);
  res.end(body);
}

const sendErrors = (res: http.ServerResponse, status: number, message: string): void => send(res, status, errorsDocument([message]));

/** The value of 1 to 15 decimal digits, or null. */
function digits(text: string): number | null {
  if (text.length === 0 || text.length > 15) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(text);
}

/** input.ts integerId(): 1 to 15 digits, above zero. */
function recordId(text: string): number | null {
  const n = digits(text);
  return n !== null && n > 0 ? n : null;
}

/** input.ts paging(): absent or blank → fallback; anything but 1 to 15 digits → 422. */
function count(params: URLSearchParams, key: string, fallback: number): number {
  const v = params.get(key)?.trim();
  if (v === undefined || v === '') return fallback;
  const n = digits(v);
  if (n === null) throw new HttpError(422, `${key} must be a non-negative integer`);
  return n;
}

/** A search option given with non-blank text, trimmed and lower-cased (foldKey). */
function given(params: URLSearchParams, key: string): string | undefined {
  const v = params.get(key)?.trim();
  return v === undefined || v === '' ? undefined : v.toLowerCase();
}

/** Resolves true on 'drain', false when the client went away first. */
function drained(res: http.ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (ok: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => finish(true);
    const onClose = (): void => finish(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * A collection answer read batch by batch (first batch at `offset`, later ones by keyset) as
 * Classicbook's streamViews() does. One batch is sent whole with Content-Length; more are written
 * as they are built, waiting for 'drain' whenever the socket's buffer is full.
 */
async function stream<T>(res: http.ServerResponse, env: Envelope, fetch: Fetch<T>, idOf: (item: T) => number, render: (batch: T[]) => string, offset: number, limit: number): Promise<void> {
  let remaining = limit;
  let afterId: number | null = null;
  let skip = offset;
  let pending = '';
  let any = false;
  let streaming = false;
  while (remaining > 0) {
    const want = Math.min(BATCH, remaining);
    const batch = fetch(afterId, skip, want);
    const xml = batch.length > 0 ? render(batch) : '';
    if (xml !== '') {
      if (!any) pending += env.open;
      any = true;
      pending += xml;
    }
    if (batch.length < want || batch.length === remaining) break;
    remaining -= batch.length;
    afterId = idOf(batch[batch.length - 1] as T);
    skip = 0;
    if (!streaming) res.writeHead(200, ['content-type', CONTENT_TYPE]);
    streaming = true;
    if (pending !== '' && !res.write(pending) && !(await drained(res))) return;
    pending = '';
  }
  const tail = any ? pending + env.close : env.empty;
  if (streaming) res.end(tail);
  else send(res, 200, tail);
}

const itself = (id: number): number => id;
const firstOf = (hit: [number, string]): number => hit[0];

class Baseline {
  private readonly store: Store;
  private readonly writer: Writer;

  constructor(db: Database.Database) {
    this.store = new Store(db);
    this.writer = new Writer(db);
  }

  /** The caller of an Authorization header, or the 401 message. */
  private authenticate(header: string | undefined): Caller | string {
    if (header === undefined || header.length < 7 || header.slice(0, 6).toLowerCase() !== 'basic ') return NO_TOKEN;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const token = (colon === -1 ? decoded : decoded.slice(0, colon)).trim();
    if (token === '') return NO_TOKEN;
    if (token.length > 256) return UNKNOWN_TOKEN;
    const hash = createHash('sha256').update(token, 'utf8').digest('hex');
    // Looked up on every request, as Classicbook does: a token reset must take effect at once
    // (decisions.md), so an in-memory cache would not be doing the same work.
    const row = this.store.callerOf(hash);
    if (row === undefined) return UNKNOWN_TOKEN;
    return { accountId: row[0], userId: row[1], userName: row[2] };
  }

  readonly handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    try {
      this.route(req, res);
    } catch (err) {
      this.fail(res, err);
    }
  };

  private fail(res: http.ServerResponse, err: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof HttpError) sendErrors(res, err.status, err.message);
    else {
      console.error(err);
      sendErrors(res, 500, 'Internal server error');
    }
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let path = q === -1 ? url : url.slice(0, q);
    if (path.endsWith('.xml')) path = path.slice(0, -4);
    const method = req.method;
    if (path.startsWith('/service/')) {
      const caller = this.authenticate(req.headers.authorization);
      if (typeof caller === 'string') return sendErrors(res, 401, caller);
      const query = q === -1 ? '' : url.slice(q + 1);
      if (path === PEOPLE_PATH) {
        if (method === 'GET') return this.listPeople(caller, new URLSearchParams(query), res);
        if (method === 'POST') return this.withBody(req, res, (fields) => this.createPerson(caller, fields, req, res));
      } else if (path.startsWith(`${PEOPLE_PATH}/`) && path.indexOf('/', PEOPLE_PATH.length + 1) === -1) {
        const id = recordId(path.slice(PEOPLE_PATH.length + 1));
        if (method === 'GET') return this.showPerson(caller, id, res);
        if (method === 'PUT') return this.withBody(req, res, (fields) => this.updatePerson(caller, id, fields, res));
      } else if (path === '/service/records' && method === 'GET') {
        return this.searchRecords(caller, new URLSearchParams(query), res);
      }
    }
    sendErrors(res, 404, `No route for ${method ?? ''} ${path}`);
  }

  private showPerson(caller: Caller, id: number | null, res: http.ServerResponse): void {
    const { rows, parts } = id === null ? { rows: [], parts: NO_PARTS() } : this.store.one.load(caller.accountId, id);
    const row = rows[0];
    if (row === undefined) return sendErrors(res, 404, 'Person not found');
    send(res, 200, XML_DECL + personXml(row, parts, false));
  }

  private listPeople(caller: Caller, params: URLSearchParams, res: http.ServerResponse): void {
    const offset = count(params, 'offset', 0);
    const limit = count(params, 'limit', 25);
    for (const key of UNSUPPORTED) if (given(params, key) !== undefined) throw new HttpError(501, `The baseline does not filter by ${key}`);
    const filter: PeopleFilter = { name: given(params, 'name'), email: given(params, 'email'), tag: given(params, 'tag') };
    const accountId = caller.accountId;
    const render = (ids: number[]): string => {
      const { rows, parts } = this.store.many.load(accountId, JSON.stringify(ids));
      let out = '';
      for (const row of rows) out += personXml(row, parts, true);
      return out;
    };
    stream(res, PEOPLE, this.store.peopleIds(accountId, filter), itself, render, offset, limit).catch((err: unknown) => this.fail(res, err));
  }

  private searchRecords(caller: Caller, params: URLSearchParams, res: http.ServerResponse): void {
    const qtext = given(params, 'qtext');
    if ((qtext === undefined) === (given(params, 'deleted_since') === undefined)) throw new HttpError(422, 'Give exactly one of qtext or deleted_since');
    if (qtext === undefined) throw new HttpError(501, 'The baseline does not answer deleted_since');
    const offset = count(params, 'offset', 0);
    const limit = count(params, 'limit', 25);
    const words = qtext.split(/\s+/).filter((w) => w !== '');
    const accountId = caller.accountId;
    const render = (hits: [number, string][]): string => {
      const names = this.store.displayNames(accountId, hits);
      let out = '';
      for (const [id, type] of hits) {
        const name = names.get(id);
        if (name !== undefined) out += recordXml(id, name, type);
      }
      return out;
    };
    stream(res, RECORDS, this.store.searchHits(accountId, words), firstOf, render, offset, limit).catch((err: unknown) => this.fail(res, err));
  }

  private createPerson(caller: Caller, fields: Fields, req: http.IncomingMessage, res: http.ServerResponse): void {
    const row = this.writer.create(caller, fields);
    send(res, 201, XML_DECL + personXml(row, NO_PARTS(), false), `http://${req.headers.host ?? ''}/service/people/${row[0]}.xml`);
  }

  private updatePerson(caller: Caller, id: number | null, fields: Fields, res: http.ServerResponse): void {
    const existing = id === null ? undefined : this.store.one.load(caller.accountId, id).rows[0];
    if (existing === undefined) return sendErrors(res, 404, 'Person not found');
    this.writer.update(caller, existing, fields);
    const { rows, parts } = this.store.one.load(caller.accountId, existing[0]);
    send(res, 200, XML_DECL + personXml(rows[0] ?? existing, parts, false));
  }

  /** Read the body (at most 1 MiB, else 413), parse `<person>`, then run `then`. */
  private withBody(req: http.IncomingMessage, res: http.ServerResponse, then: (fields: Fields) => void): void {
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) {
      res.shouldKeepAlive = false;
      sendErrors(res, 413, 'Request body is too large');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        if (size > BODY_LIMIT) throw new HttpError(413, 'Request body is too large');
        let text: string;
        try {
          text = utf8.decode(Buffer.concat(chunks, size));
        } catch {
          throw new HttpError(400, 'Request body is not valid UTF-8');
        }
        then(parseRecordBody(text.trim(), 'person'));
      } catch (err) {
        this.fail(res, err);
      }
    });
  }
}

function options(argv: string[]): { db: string; port: number } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const db = value('--db');
  const port = Number(value('--port') ?? '0');
  if (db === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('usage: node dist-bench/baseline.js --db PATH [--port 0]');
  }
  return { db, port };
}

function main(): void {
  const { db: path, port } = options(process.argv.slice(2));
  const db = new Database(path, { fileMustExist: true });
  // Classicbook's durability (src/storage/db.ts): a fair comparison must not relax it.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const server = http.createServer({ keepAliveTimeout: 72_000 }, new Baseline(db).handle);
  process.on('SIGTERM', () => {
    server.close();
    db.close();
    process.exit(0);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    console.log(`baseline listening http://127.0.0.1:${bound}`);
  });
}

main();
