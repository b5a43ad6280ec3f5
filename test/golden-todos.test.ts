// Golden XML fixtures of the to-do documents (spec §9): element order, names and types are
// pinned, as the .NET client reads fields positionally. Timestamps (created_at, updated_at, and
// the offset-format due_date and comment times) are replaced by TIME / OFFSET_TIME.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/golden-todos.test.ts
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, makeApp, golden } from './helpers.js';

let ctx: App;
let c: Client;
let todo: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  const account = await ctx.services.accounts.requireAccount('demo');
  await ctx.services.accounts.addUser('demo', { email: 'eric@example.com', name: 'Eric Krause', role: 'advanced' });
  await ctx.services.superTags.define(account.id, 'Social Media', [{ name: 'Twitter Username', type: 'Text', options: [] }]);
  const person = await createPerson(c, 'Matt', 'Gillooly');
  const company = await createCompany(c, 'BatchBlue Software');
  const res = await c.post(
    '/service/todos.xml',
    '<todo><title>Call about the cake</title><description>do this &amp; &lt;that&gt;</description><due_date>2010-09-03 12:00:00 -0400</due_date><flagged>true</flagged><assigned_to>eric@example.com</assigned_to></todo>',
  );
  todo = idFromLocation(res);
  await c.put(`/service/todos/${todo}/add_related_contact.xml?contact_id=${person}`);
  await c.put(`/service/todos/${todo}/add_related_contact.xml?contact_id=${company}`);
  await c.put(`/service/todos/${todo}/add_tag.xml?tag=awesome`);
  // A SuperTag applied to a to-do carries an empty <fields> (spec §1.8; values live on contacts and deals, §7).
  await c.put(`/service/todos/${todo}/add_tag.xml?tag=social%20media`);
  await c.post(`/service/todos/${todo}/comments.xml`, '<comment><comment>Best comment ever</comment></comment>');
  // A bare to-do pins the empty forms: due_date, description and every nested array.
  await c.post('/service/todos.xml', 'todo[title]=Bare');
});
afterAll(async () => ctx.app.close());

describe('golden XML documents (to-dos)', () => {
  it('todo', async () => golden('todo', (await c.get(`/service/todos/${todo}.xml`)).body));
  it('todos collection', async () => golden('todos', (await c.get('/service/todos.xml?updated_since=2000-01-01')).body));
  it('todo errors', async () => golden('todo_errors', (await c.post('/service/todos.xml', '<todo></todo>')).body));
});
