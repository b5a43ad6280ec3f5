// Golden XML fixtures for records (§12), affiliations (§13), lists (§14) and recent activity
// (§16): element order, names and types, as for the contact documents in golden.test.ts.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/golden-records.test.ts
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, makeApp, golden } from './helpers.js';

let ctx: App;
let c: Client;
let person: number;
let company: number;
let list: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  const accountId = (await ctx.services.accounts.requireAccount('demo')).id;
  company = await createCompany(c, 'BatchBlue Software');
  person = await createPerson(c, 'Matt', 'Gillooly', `<title>CTO</title><company_id>${company}</company_id>`);
  const gone = await createPerson(c, 'Gone', 'Away');
  await c.del(`/service/people/${gone}.xml`);
  list = (await ctx.services.lists.create(accountId, 'Newsletter', 'Monthly & more')).row.id;
  await ctx.services.lists.addMembers(accountId, list, [person, company]);
  await ctx.services.lists.create(accountId, 'Empty list', null);
});
afterAll(async () => ctx.app.close());

describe('golden XML documents (records, affiliations, lists, activities)', () => {
  it('record', async () => golden('record', (await c.get(`/service/records/${person}.xml`)).body));
  it('records collection', async () => golden('records', (await c.get('/service/records.xml?qtext=batchblue')).body));
  it('deleted records', async () => golden('deleted_records', (await c.get('/service/records.xml?deleted_since=2010-01-01')).body));
  it('affiliations', async () => golden('affiliations', (await c.get(`/service/people/${person}/affiliations.xml`)).body));
  it('lists index', async () => golden('lists', (await c.get('/service/lists.xml')).body));
  it('list show', async () => golden('list', (await c.get(`/service/lists/${list}.xml`)).body));
  it('activities', async () => golden('activities', (await c.get('/service/activities/recent.xml')).body));
});
