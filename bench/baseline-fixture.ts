// Data and requests for bench/baseline-check.ts: a small account seeded through Classicbook's own
// API (people with companies, locations, tags, SuperTag values and comments, awkward characters
// and short names; deals, to-dos and communications for `qtext`; 560 plain people so that
// answers span several 500-row batches; a person in a second account), the requests compared
// before, during and after writes, and a row-by-row comparison of the two database files.
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import type { CheckCall } from './baseline-check.js';

export interface Seeded {
  people: number[];
  companies: number[];
  others: number[];
  emails: string[];
  /** a person of another account */
  foreign: number;
}

const FIRST = ['Ann', 'Bob', 'Zoë', 'José', '李', 'Al', 'O"Brien', 'Grace', '', 'Ada', 'Ed', 'Çelik'];
const LAST = ['Lee', 'Hopper', '', 'Nuñez', '小龍', 'Li', 'Smith & Sons', 'Ng', 'Solo', '', 'Wu', 'X'];
const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const q = encodeURIComponent;

class Api {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  async call(method: string, path: string, body?: string): Promise<{ status: number; location: string; text: string }> {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${this.token}:`).toString('base64')}` };
    if (body !== undefined) headers['content-type'] = 'application/xml';
    const res = await fetch(this.base + path, { method, headers, body });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`seed ${method} ${path}: ${res.status} ${text}`);
    return { status: res.status, location: res.headers.get('location') ?? '', text };
  }

  async create(path: string, body: string): Promise<number> {
    return Number(/\/(\d+)\.xml$/.exec((await this.call('POST', path, body)).location)?.[1]);
  }
}

function cli(root: string, databaseUrl: string, args: string[]): string {
  return execFileSync(process.execPath, ['bin/classicbook.js', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl }, encoding: 'utf8' });
}

async function seedPerson(api: Api, i: number, emails: string[], companies: number[]): Promise<number> {
  const company = i % 5 === 0 ? '<company>Acme &amp; Co</company>' : i % 5 === 1 ? '<company>Globex</company>' : '';
  const title = ['CEO &amp; founder', '', 'Engineer &lt;ops&gt;'][i % 3];
  const notes = ['Line one&#13;\nline two\ttab', 'quote " here', '', ''][i % 4];
  const body = `<person><first_name>${xml(FIRST[i % FIRST.length] as string)}</first_name><last_name>${xml(LAST[(i * 7) % LAST.length] as string)}</last_name><title>${title}</title><notes>${notes}</notes>${company}</person>`;
  const id = await api.create('/service/people.xml', body);
  if (i === 0 || i === 1) companies.push(Number(/<company_id type="integer">(\d+)</.exec((await api.call('GET', `/service/people/${id}.xml`)).text)?.[1]));
  if (i % 6 !== 5) {
    const email = i % 3 === 0 ? `User${i}@Example.TEST` : `user${i}@example.test`;
    emails.push(email);
    await api.call('POST', `/service/people/${id}/locations.xml`, `<location><label>work</label><email>${email}</email><phone>555-${i}</phone><city>Town ${i}</city><primary>true</primary></location>`);
  }
  if (i % 4 === 0) {
    await api.call('POST', `/service/people/${id}/locations.xml`, `<location><label>Home</label><email>home${i}@example.test</email><street_1>${i} Elm &amp; Oak</street_1><country>US</country></location>`);
  }
  if (i % 2 === 0) await api.call('PUT', `/service/people/${id}/add_tag.xml?tag=vip`);
  if (i % 3 === 0) await api.call('PUT', `/service/people/${id}/add_tag.xml?tag=lead`);
  if (i % 7 === 0) await api.call('PUT', `/service/people/${id}/add_tag.xml?tag=${q('Ruby Fans')}`);
  if (i % 5 === 2) {
    const cluster = i % 10 === 2 ? '&super_tag[sales_cluster]=ruby' : '';
    await api.call('PUT', `/service/people/${id}/super_tags/social_media.xml?super_tag[twitter_username]=tw${i}${cluster}`);
  }
  if (i % 4 === 1) await api.call('POST', `/service/people/${id}/comments.xml`, '<comment><comment>Call back &amp; follow up</comment></comment>');
  if (i % 8 === 1) await api.call('POST', `/service/people/${id}/comments.xml`, `<comment><comment>Second &lt;note&gt; ${i}</comment></comment>`);
  return id;
}

/** Seed the bootstrap account `demo` of a running Classicbook (its database at `databaseUrl`). */
export async function seed(root: string, base: string, token: string, databaseUrl: string): Promise<Seeded> {
  cli(root, databaseUrl, ['supertag', 'define', 'demo', 'Social Media', '--field', 'Twitter username:Text', '--field', 'Sales cluster:Multiple choice:Ruby,Python']);
  const api = new Api(base, token);
  const out: Seeded = { people: [], companies: [], others: [], emails: [], foreign: 0 };
  for (let i = 0; i < 40; i++) {
    out.people.push(await seedPerson(api, i, out.emails, out.companies));
  }
  out.others.push(await api.create('/service/deals.xml', '<deal><title>Big acme deal</title></deal>'));
  out.others.push(await api.create('/service/todos.xml', '<todo><title>Call acme about vip</title></todo>'));
  out.others.push(await api.create('/service/communications.xml', '<communication><subject>Acme hello</subject><ctype>email</ctype></communication>'));
  out.others.push(await api.create('/service/communications.xml', '<communication><body>acme phone body</body><ctype>phone</ctype></communication>'));
  for (let i = 0; i < 560; i++) await api.create('/service/people.xml', `<person><first_name>Bulk</first_name><last_name>Person ${i}</last_name></person>`);
  const other = /token: (\S+)/.exec(cli(root, databaseUrl, ['account', 'create', 'other']))?.[1] ?? '';
  out.foreign = await new Api(base, other).create('/service/people.xml', '<person><first_name>Ann</first_name><last_name>Other</last_name></person>');
  return out;
}

const get = (path: string, normalize?: boolean): CheckCall => ({ method: 'GET', path, ...(normalize ? { normalize } : {}) });

export function readCalls(s: Seeded): CheckCall[] {
  const people = [...s.people, ...s.companies, ...s.others, s.foreign].map((id) => get(`/service/people/${id}.xml`));
  const ids = ['999999999', 'abc', '0', '1.5'].map((id) => get(`/service/people/${id}.xml`));
  const pages = ['', '?limit=10', '?offset=5&limit=10', '?offset=17&limit=100', '?offset=39', '?offset=590', '?limit=1', '?limit=0', '?offset=10&limit=700', '?offset=450&limit=200', '?limit=1000000', '?offset=abc', '?limit=-1'];
  const email = s.emails[0] as string;
  const filters = [
    `email=${q(email)}`, `email=${q(` ${email.toUpperCase()} `)}`, 'email=home4%40example.test', 'email=nobody%40example.test',
    'name=ann', 'name=an', 'name=a', 'name=%20Ann%20Lee%20', `name=${q('zoë')}`, `name=${q('李')}`, `name=${q('o"b')}`, 'name=%25', 'name=_', 'name=bulk&limit=1000', 'name=person%201',
    'tag=vip', 'tag=VIP', `tag=${q('ruby fans')}`, `tag=${q('Social Media')}`, 'tag=nope', 'tag=vip&name=an', `tag=lead&email=${q(email)}`, 'tag=vip&limit=3&offset=2',
  ];
  const qtexts = ['acme', 'acme deal', 'ac', 'ac me', 'vip', 'call back', 'zoë', 'acme&limit=2&offset=1', 'bench', '', 'x', 'bulk&limit=1000', 'person&offset=100&limit=600', 'example.test', 'hello'];
  return [
    ...people,
    ...ids,
    ...pages.map((p) => get(`/service/people.xml${p}`)),
    ...filters.map((f) => get(`/service/people.xml?${f}`)),
    ...qtexts.map((t) => get(`/service/records.xml?qtext=${t}`)),
    get('/service/records.xml'),
  ];
}

const put = (id: number | string, body: string): CheckCall => ({ method: 'PUT', path: `/service/people/${id}.xml`, body });
const post = (body: string): CheckCall => ({ method: 'POST', path: '/service/people.xml', body });

export function writeCalls(s: Seeded): CheckCall[] {
  const [p0, p1, p2, p3, p4] = s.people as [number, number, number, number, number];
  return [
    post('<?xml version="1.0" encoding="UTF-8"?><person><first_name>New</first_name><last_name>Person</last_name></person>'),
    post('<person>\n  <first_name> Tab &amp; Co </first_name>\n  <title>Boss &lt;1&gt; &quot;x&quot; &apos;y&apos;</title>\n  <notes>n&#233;e&#13;</notes>\n</person>'),
    post('<person><last_name>Onlylast</last_name><title></title><notes nil="true"></notes></person>'),
    post('<person><first-name>Dash</first-name><last-name>Case</last-name><unknown>x</unknown></person>'),
    post('<person><first_name>  </first_name><last_name/></person>'),
    post(''),
    post('<!DOCTYPE person><person><first_name>x</first_name></person>'),
    put(p0, '<person><title>Chief executive</title></person>'),
    put(p1, '<person><notes>Updated notes &amp; more</notes></person>'),
    put(p2, '<person><first_name>Renamed</first_name><last_name>Person</last_name></person>'),
    put(p3, '<person><first_name></first_name><last_name nil="true"/></person>'),
    put(p4, '<person><title></title><notes>kept</notes></person>'),
    put(999999999, '<person><title>x</title></person>'),
    put(s.foreign, '<person><title>x</title></person>'),
    put('abc', '<person><title>x</title></person>'),
  ];
}

/** Reads that see the writes (timestamps masked: each server stamped its own). */
export function afterWrites(s: Seeded): CheckCall[] {
  const paths = [
    ...s.people.slice(0, 5).map((id) => `/service/people/${id}.xml`),
    '/service/records.xml?qtext=chief', '/service/records.xml?qtext=renamed', '/service/records.xml?qtext=updated%20notes', '/service/records.xml?qtext=dash',
    '/service/people.xml?name=renamed', '/service/people.xml?name=dash%20case', '/service/people.xml?name=onlylast', '/service/people.xml?offset=595',
  ];
  return paths.map((p) => get(p, true));
}

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;
const TABLES = ['records', 'record_pages', 'people', 'companies', 'search_index', 'activities', 'affiliations', 'locations', 'tags', 'taggings', 'super_tag_values', 'comments', 'sqlite_sequence'];

/** Rows that differ between two Classicbook databases, timestamps masked; FTS indexes checked. */
export function compareDatabases(a: string, b: string): string[] {
  const [x, y] = [new Database(a, { readonly: true }), new Database(b)];
  const out: string[] = [];
  try {
    for (const table of TABLES) {
      const dump = (db: Database.Database): string[] =>
        db.prepare(`select * from ${table} order by rowid`).raw(true).all().map((r) => JSON.stringify(r).replace(ISO, 'T'));
      const [rx, ry] = [dump(x), dump(y)];
      if (rx.length !== ry.length) out.push(`${table}: ${rx.length} rows vs ${ry.length}`);
      const n = rx.findIndex((r, i) => r !== ry[i]);
      if (n >= 0) out.push(`${table}: first differing row ${rx[n]} vs ${ry[n]}`);
    }
    for (const fts of ['people_name_fts', 'search_index_fts']) y.prepare(`insert into ${fts}(${fts}) values ('integrity-check')`).run();
  } catch (err) {
    out.push(`database check: ${String(err)}`);
  } finally {
    x.close();
    y.close();
  }
  return out;
}
