import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, items, makeApp, TOKEN } from './helpers.js';

let ctx: App;
let owner: Client;
let admin: Client;
let advanced: Client;
let basicUser: Client;
let otherOwner: Client;

/** `[email, name]` pairs of a users.xml answer, in document order. */
function people(body: string): [string, string][] {
  return items(body, 'users').map((u: { email: string; name: string }) => [u.email, u.name]);
}

beforeAll(async () => {
  ctx = await makeApp();
  owner = new Client(ctx.app, TOKEN);
  const { accounts } = ctx.services;
  admin = new Client(ctx.app, (await accounts.addUser('demo', { email: 'ada@demo.com', name: 'Ada Admin', role: 'admin' })).token);
  advanced = new Client(ctx.app, (await accounts.addUser('demo', { email: 'avi@demo.com', name: 'Avi Advanced', role: 'advanced' })).token);
  basicUser = new Client(ctx.app, (await accounts.addUser('demo', { email: 'bob@demo.com', name: 'Bob Basic', role: 'basic' })).token);
  otherOwner = new Client(ctx.app, (await accounts.createAccount('other', { email: 'o@o.com', name: 'Other Owner' })).token);
  await accounts.addUser('other', { email: 'x@o.com', name: 'Xena Other', role: 'basic' });
});
afterAll(async () => ctx.app.close());

describe('GET /service/users', () => {
  it('answers <users type="array"> of <user><email/><name/></user> in that order', async () => {
    const res = await owner.get('/service/users.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<users type="array">')).toBe(true);
    const first = /<user>([\s\S]*?)<\/user>/.exec(res.body)?.[1] ?? '';
    expect([...first.matchAll(/<([a-z_]+)>/g)].map((m) => m[1])).toEqual(['email', 'name']);
  });

  it('shows an owner every user of its account, itself as Me, and none of another account', async () => {
    const res = await owner.get('/service/users.xml');
    expect(people(res.body)).toEqual([
      ['owner@demo.example', 'Me'],
      ['ada@demo.com', 'Ada Admin'],
      ['avi@demo.com', 'Avi Advanced'],
      ['bob@demo.com', 'Bob Basic'],
    ]);
    expect(res.body).not.toContain('@o.com');
  });

  it('shows an admin every user of its account, with the admin as Me', async () => {
    expect(people((await admin.get('/service/users.xml')).body)).toEqual([
      ['owner@demo.example', 'Owner'],
      ['ada@demo.com', 'Me'],
      ['avi@demo.com', 'Avi Advanced'],
      ['bob@demo.com', 'Bob Basic'],
    ]);
  });

  it('shows a basic user only itself, as Me', async () => {
    const res = await basicUser.get('/service/users.xml');
    expect(res.statusCode).toBe(200);
    expect(people(res.body)).toEqual([['bob@demo.com', 'Me']]);
  });

  it('shows an advanced user the users of its account', async () => {
    // decisions.md only restricts basic users; advanced users see their colleagues.
    const listed = people((await advanced.get('/service/users.xml')).body);
    expect(listed.map(([email]) => email)).toEqual(['owner@demo.example', 'ada@demo.com', 'avi@demo.com', 'bob@demo.com']);
    expect(listed[2]).toEqual(['avi@demo.com', 'Me']);
  });

  it('keeps accounts apart: the other account sees only its own users', async () => {
    expect(people((await otherOwner.get('/service/users.xml')).body)).toEqual([
      ['o@o.com', 'Me'],
      ['x@o.com', 'Xena Other'],
    ]);
  });

  it('answers the path without suffix as XML and .json as JSON', async () => {
    const bare = await basicUser.get('/service/users');
    expect(bare.statusCode).toBe(200);
    expect(people(bare.body)).toEqual([['bob@demo.com', 'Me']]);
    const json = await basicUser.get('/service/users.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.body)).toEqual([{ user: { email: 'bob@demo.com', name: 'Me' } }]);
  });

  it('answers 401 with a Basic challenge without a valid token', async () => {
    for (const token of [null, 'not-a-real-token-at-all']) {
      const res = await owner.get('/service/users.xml', { token });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="BatchBook"');
    }
  });

  it('is read-only', async () => {
    const res = await owner.post('/service/users.xml', '<user><email>new@demo.com</email><name>New</name></user>');
    expect([404, 405]).toContain(res.statusCode);
    expect(people((await owner.get('/service/users.xml')).body).map(([email]) => email)).not.toContain('new@demo.com');
  });
});
