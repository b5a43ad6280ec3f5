// Accounts are walled off from each other (decisions.md, Accounts, users, tokens): another
// account's ids answer 404 exactly like ids that never existed, reads and writes alike, and a
// rejected write changes nothing anywhere.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, ids, items, makeApp, TOKEN, xml } from './helpers.js';

let ctx: App;
let demo: Client;
let other: Client;
let otherToken: string;
let demoId: number;
let otherId: number;
let person: number;
let company: number;
let comment: number;

const ST = 'Social%20Media';

beforeAll(async () => {
  ctx = await makeApp();
  demo = new Client(ctx.app, TOKEN);
  otherToken = (await ctx.services.accounts.createAccount('other', { email: 'o@o.com', name: 'Other Owner' })).token;
  other = new Client(ctx.app, otherToken);
  demoId = (await ctx.services.accounts.requireAccount('demo')).id;
  otherId = (await ctx.services.accounts.requireAccount('other')).id;

  // The same SuperTag exists in both accounts, so only the record check can stop a write.
  for (const accountId of [demoId, otherId]) {
    await ctx.services.superTags.define(accountId, 'Social Media', [
      { name: 'Twitter Username', type: 'Text', options: [] },
      { name: 'Sales Cluster', type: 'Multiple choice', options: ['Ruby', 'Python'] },
    ]);
  }

  company = await createCompany(demo, 'Walled Garden Inc');
  person = await createPerson(demo, 'Ann', 'Private', '<company>Walled Garden Inc</company>');
  const steps = [
    await demo.post(`/service/people/${person}/locations.xml`, 'location[label]=work&location[email]=ann@walled.example&location[city]=Providence'),
    await demo.post(`/service/companies/${company}/locations.xml`, '<location><label>main</label><phone>555-0100</phone></location>'),
    await demo.put(`/service/people/${person}/add_tag.xml?tag=vip`),
    await demo.put(`/service/companies/${company}/add_tag.xml?tag=partner`),
    await demo.put(`/service/people/${person}/super_tags/${ST}.xml?super_tag[twitter_username]=annp&super_tag[sales_cluster]=Ruby`),
  ];
  for (const res of steps) if (res.statusCode >= 300) throw new Error(`setup: ${res.statusCode} ${res.body}`);
  const c = await demo.post(`/service/people/${person}/comments.xml`, '<comment><comment>secret note</comment></comment>');
  if (c.statusCode !== 201) throw new Error(`setup comment: ${c.statusCode} ${c.body}`);
  comment = idFromLocation(c);
});
afterAll(async () => ctx.app.close());

/** Everything account demo can see of its data, as full documents. */
async function snapshot(): Promise<Record<string, string>> {
  const urls = [
    `/service/people/${person}.xml`,
    `/service/companies/${company}.xml`,
    '/service/people.xml',
    '/service/companies.xml',
    `/service/companies/${company}/people.xml`,
    `/service/people/${person}/locations.xml`,
    `/service/companies/${company}/locations.xml`,
    `/service/people/${person}/comments.xml`,
    `/service/comments/${comment}.xml`,
    '/service/comments.xml',
    `/service/people/${person}/super_tags.xml`,
    '/service/super_tags.xml',
    '/service/tags.xml',
    `/service/tags.xml?contact_id=${person}`,
    '/service/users.xml',
  ];
  const out: Record<string, string> = {};
  // The rows too: rendered timestamps have whole seconds, stored ones milliseconds, so a
  // rejected write that merely touched `updated_at` shows up here.
  const db = ctx.services.db;
  for (const table of ['people', 'companies', 'locations', 'comments', 'taggings', 'super_tag_values', 'tags', 'records', 'tombstones'] as const) {
    const rows = await db.selectFrom(table).selectAll().where('account_id', '=', demoId).execute();
    out[`table ${table}`] = JSON.stringify(rows);
  }
  for (const url of urls) {
    const res = await demo.get(url);
    expect(res.statusCode, url).toBe(200);
    out[url] = res.body;
  }
  return out;
}

describe('another account', () => {
  it('sees demo\'s data as if it did not exist: every read answers 404', async () => {
    const reads = [
      `/service/people/${person}.xml`,
      `/service/people/${person}`,
      `/service/companies/${company}.xml`,
      `/service/companies/${company}/people.xml`,
      `/service/people/${person}/locations.xml`,
      `/service/people/${person}/locations.xml?label=work`,
      `/service/people/${person}/locations/work.xml`,
      `/service/companies/${company}/locations/main.xml`,
      `/service/locations.xml?contact_id=${person}`,
      `/service/people/${person}/comments.xml`,
      `/service/people/${person}/comments/${comment}.xml`,
      `/service/comments/${comment}.xml`,
      `/service/comments.xml?person_id=${person}`,
      `/service/people/${person}/super_tags.xml`,
      `/service/people/${person}/super_tags/${ST}.xml`,
      `/service/super_tags.xml?contact_id=${person}`,
      `/service/tags.xml?contact_id=${person}`,
      `/service/tags.xml?contact_id=${company}`,
      '/service/tags/vip.xml',
    ];
    for (const url of reads) {
      const res = await other.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('Private');
      expect(res.body, url).not.toContain('secret note');
    }
  });

  it('cannot change or delete anything of demo\'s (404), and demo\'s data stays exactly as it was', async () => {
    const before = await snapshot();
    const writes: [string, () => ReturnType<Client['get']>][] = [
      ['PUT person', () => other.put(`/service/people/${person}.xml`, '<person><first_name>Hacked</first_name></person>')],
      ['PUT company', () => other.put(`/service/companies/${company}.xml`, '<company><name>Hacked</name></company>')],
      ['add_tag', () => other.put(`/service/people/${person}/add_tag.xml?tag=evil`)],
      ['add_tag path', () => other.put(`/service/people/${person}/add_tag/evil2.xml`)],
      ['add_tag company', () => other.put(`/service/companies/${company}/add_tag.xml`, '<tag>evil3</tag>')],
      ['remove_tag', () => other.del(`/service/people/${person}/remove_tag.xml?tag=vip`)],
      ['legacy add_to', () => other.put(`/service/tags/evil4/add_to.xml?contact_id=${person}`)],
      ['legacy remove_from', () => other.put(`/service/tags/vip/remove_from.xml?contact_id=${person}`)],
      ['POST location', () => other.post(`/service/people/${person}/locations.xml`, 'location[label]=work&location[city]=Hackville')],
      ['POST new location', () => other.post(`/service/people/${person}/locations.xml`, 'location[label]=lair&location[city]=Hackville')],
      ['PUT location', () => other.put(`/service/people/${person}/locations/work.xml`, 'location[city]=Hackville')],
      ['DELETE location', () => other.del(`/service/people/${person}/locations/work.xml`)],
      ['DELETE company location', () => other.del(`/service/companies/${company}/locations/main.xml`)],
      ['POST comment nested', () => other.post(`/service/people/${person}/comments.xml`, '<comment>intruder</comment>')],
      ['POST comment flat', () => other.post(`/service/comments.xml?person_id=${person}`, '<comment>intruder</comment>')],
      ['PUT comment', () => other.put(`/service/comments/${comment}.xml`, '<comment><comment>hacked</comment></comment>')],
      ['PUT comment nested', () => other.put(`/service/people/${person}/comments/${comment}.xml`, '<comment>hacked</comment>')],
      ['DELETE comment nested', () => other.del(`/service/people/${person}/comments/${comment}.xml`)],
      ['DELETE comment', () => other.del(`/service/comments/${comment}.xml`)],
      ['PUT super_tag', () => other.put(`/service/people/${person}/super_tags/${ST}.xml?super_tag[twitter_username]=hacked`)],
      ['PUT super_tag on company', () => other.put(`/service/companies/${company}/super_tags/${ST}.xml?super_tag[sales_cluster]=Python`)],
      ['DELETE super_tag', () => other.del(`/service/people/${person}/super_tags/${ST}.xml`)],
      ['DELETE person', () => other.del(`/service/people/${person}.xml`)],
      ['DELETE company', () => other.del(`/service/companies/${company}.xml`)],
    ];
    for (const [what, write] of writes) {
      const res = await write();
      expect(res.statusCode, what).toBe(404);
    }
    const after = await snapshot();
    expect(after).toEqual(before);
    // Spot checks that the snapshot holds what it should.
    expect(xml(after[`/service/people/${person}.xml`] as string).person.first_name).toBe('Ann');
    expect(xml(after[`/service/comments/${comment}.xml`] as string).mega_comment.comment).toBe('secret note');
  });

  it('gets no rows of its own from the rejected writes: its lists are empty', async () => {
    for (const [url, root] of [
      ['/service/people.xml', 'people'],
      ['/service/companies.xml', 'companies'],
      ['/service/comments.xml', 'mega_comments'],
      ['/service/people.xml?name=Ann', 'people'],
    ] as const) {
      const res = await other.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(ids(res, root), url).toEqual([]);
    }
    // Only the SuperTag defined for it in setup; no "evil" tags were created on the way to a 404.
    expect(items(await other.get('/service/tags.xml'), 'tags').map((t) => t.name)).toEqual(['Social Media']);
    const tagRows = await ctx.services.db.selectFrom('tags').select('name').where('account_id', '=', otherId).execute();
    expect(tagRows.map((t) => t.name)).toEqual(['Social Media']);
    const demoTags = await ctx.services.db.selectFrom('tags').select('name').where('account_id', '=', demoId).orderBy('name').execute();
    expect(demoTags.map((t) => t.name)).toEqual(['Social Media', 'partner', 'vip']);
    for (const table of ['comments', 'locations', 'taggings', 'super_tag_values', 'records', 'tombstones'] as const) {
      const rows = await ctx.services.db.selectFrom(table).select('account_id').where('account_id', '=', otherId).execute();
      expect(rows, table).toEqual([]);
    }
  });

  it('answers for ids that never existed exactly as for demo\'s ids', async () => {
    const foreign = await other.get(`/service/people/${person}.xml`);
    const missing = await other.get('/service/people/987654.xml');
    expect(foreign.statusCode).toBe(missing.statusCode);
    expect(foreign.body).toBe(missing.body);
  });

  it('has its own id space views: its new person is invisible to demo', async () => {
    const mine = await createPerson(other, 'Olga', 'Other');
    expect((await other.get(`/service/people/${mine}.xml`)).statusCode).toBe(200);
    expect((await demo.get(`/service/people/${mine}.xml`)).statusCode).toBe(404);
    expect(ids(await demo.get('/service/people.xml?limit=1000'), 'people')).not.toContain(mine);
    expect((await other.del(`/service/people/${mine}.xml`)).statusCode).toBe(200);
  });
});

describe('Host header', () => {
  it('refuses a token on another known account\'s host name with 401', async () => {
    const res = await other.get('/service/people.xml', { headers: { host: 'demo.batchbook.com' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="BatchBook"');
    expect((await demo.get('/service/people.xml', { headers: { host: 'other.batchbook.com' } })).statusCode).toBe(401);
  });

  it('accepts a token on its own host name, and lets the token decide on unknown hosts', async () => {
    expect((await demo.get('/service/people.xml', { headers: { host: 'demo.batchbook.com' } })).statusCode).toBe(200);
    expect((await other.get('/service/people.xml', { headers: { host: 'other.example.org:8080' } })).statusCode).toBe(200);
    expect((await other.get('/service/people.xml', { headers: { host: 'nosuch.batchbook.com' } })).statusCode).toBe(200);
    expect((await other.get('/service/people.xml', { headers: { host: '127.0.0.1:3000' } })).statusCode).toBe(200);
  });
});

describe('tokens', () => {
  it('reset invalidates the old token at once and the new one works', async () => {
    const { accounts } = ctx.services;
    const added = await accounts.addUser('demo', { email: 'rotate@demo.com', name: 'Ro Tate', role: 'advanced' });
    const old = new Client(ctx.app, added.token);
    expect((await old.get('/service/people.xml')).statusCode).toBe(200);
    const reset = await accounts.resetToken('demo', 'Rotate@Demo.com');
    expect(reset.token).not.toBe(added.token);
    expect(reset.token).toMatch(/^[0-9a-f]{40}$/);
    const stale = await old.get('/service/people.xml');
    expect(stale.statusCode).toBe(401);
    expect(stale.headers['www-authenticate']).toBe('Basic realm="BatchBook"');
    const fresh = new Client(ctx.app, reset.token);
    expect((await fresh.get('/service/people.xml')).statusCode).toBe(200);
    expect(items(await fresh.get('/service/users.xml'), 'users').find((u) => u.name === 'Me')?.email).toBe('rotate@demo.com');
    // Another user's token is untouched.
    expect((await demo.get('/service/people.xml')).statusCode).toBe(200);
  });

  it('reset of an unknown user or account fails and changes nothing', async () => {
    await expect(ctx.services.accounts.resetToken('demo', 'nobody@demo.com')).rejects.toThrow();
    await expect(ctx.services.accounts.resetToken('nosuch', 'o@o.com')).rejects.toThrow();
    // o@o.com belongs to "other", not demo.
    await expect(ctx.services.accounts.resetToken('demo', 'o@o.com')).rejects.toThrow();
    expect((await other.get('/service/people.xml')).statusCode).toBe(200);
  });

  it('stores tokens only as SHA-256 hashes', async () => {
    const rows = await ctx.services.db.selectFrom('users').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const known = [TOKEN, otherToken];
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      for (const token of known) {
        expect(row.token_hash).not.toBe(token);
        expect(Object.values(row)).not.toContain(token);
      }
    }
    const hashes = rows.map((r) => r.token_hash);
    expect(hashes).toContain(createHash('sha256').update(TOKEN).digest('hex'));
    expect(hashes).toContain(createHash('sha256').update(otherToken).digest('hex'));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('generates random tokens of at least 128 bits', async () => {
    const a = await ctx.services.accounts.addUser('other', { email: 'r1@o.com', name: 'R1', role: 'basic' });
    const b = await ctx.services.accounts.addUser('other', { email: 'r2@o.com', name: 'R2', role: 'basic' });
    for (const t of [a.token, b.token, otherToken]) expect(t).toMatch(/^[0-9a-f]{32,}$/);
    expect(a.token).not.toBe(b.token);
  });
});
