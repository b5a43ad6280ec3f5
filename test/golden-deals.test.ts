// Golden XML fixtures of the deal documents (spec §11), as in golden.test.ts: element order,
// names and types are pinned, because the .NET client reads fields positionally.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/golden-deals.test.ts
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { App } from '../src/app.js';
import { allocateId } from '../src/resources/records/records.repository.js';
import { Client, createCompany, createPerson, idFromLocation, makeApp, golden } from './helpers.js';

let ctx: App;
let c: Client;
let deal: number;

/** A to-do and a communication attached by `deal_id`, written directly (their own services are separate). */
async function attach(accountId: number, dealId: number): Promise<void> {
  const db = ctx.storage.db;
  const now = new Date().toISOString();
  const todo = await allocateId(db, accountId, 'todo');
  await db
    .insertInto('todos')
    .values({ id: todo, account_id: accountId, title: 'Call about the cake', description: null, due_date: null, flagged: 0, complete: 0, assigned_by_user_id: null, assigned_to_user_id: null, deal_id: dealId, created_at: now, updated_at: now })
    .execute();
  const comm = await allocateId(db, accountId, 'communication');
  await db.insertInto('communications').values({ id: comm, account_id: accountId, subject: 'Re: Hi again!', body: null, date: now, ctype: 'email', deal_id: dealId, created_at: now, updated_at: now }).execute();
}

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  const accountId = (await ctx.services.accounts.requireAccount('demo')).id;
  await ctx.services.accounts.addUser('demo', { email: 'pamela@demo.example', name: "Pamela O'Hara", role: 'advanced' });
  await ctx.services.superTags.define(accountId, 'Deal Info', [
    { name: 'Stage Note', type: 'Text', options: [] },
    { name: 'Probability', type: 'Text', options: [] },
  ]);
  const company = await createCompany(c, 'ABC Company');
  const person = await createPerson(c, 'Matt', 'Gillooly');
  const res = await c.post(
    '/service/deals.xml',
    `<deal><title>Integration</title><description>Tom &amp; Jerry</description><deal_with_id>${company}</deal_with_id><status>won</status><assigned_to>pamela@demo.example</assigned_to><amount>1,234.5</amount></deal>`,
  );
  deal = idFromLocation(res);
  await attach(accountId, deal);
  await c.put(`/service/deals/${deal}/add_related_contact.xml?contact_id=${person}`);
  await c.put(`/service/deals/${deal}/add_tag.xml?tag=awesome`);
  await c.put(`/service/deals/${deal}/super_tags/deal_info.xml?super_tag[stage_note]=hot&super_tag[probability]=80`);
  await c.post(`/service/deals/${deal}/comments.xml`, '<comment><comment>Best deal ever</comment></comment>');
  // A bare deal: every list empty, deal_with_id 0.
  await c.post('/service/deals.xml', '<deal><title>Bare</title></deal>');
});
afterAll(async () => ctx.app.close());

describe('golden XML documents of deals', () => {
  it('deal', async () => golden('deal', (await c.get(`/service/deals/${deal}.xml`)).body));
  it('deals collection', async () => golden('deals', (await c.get('/service/deals.xml')).body));
  it('statuses', async () => golden('statuses', (await c.get('/service/deals/statuses.xml')).body));
});
