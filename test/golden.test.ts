// Golden XML fixtures pin element order, names and types of every document (STYLE.md,
// convention 1). The .NET client reads fields positionally, so any change here is a breaking
// change for it. Timestamps are replaced by TIME / OFFSET_TIME before comparing.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
import { beforeAll, describe, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, makeApp, golden } from './helpers.js';

let ctx: App;
let c: Client;
let person: number;
let company: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  const account = await ctx.services.accounts.findAccount('demo');
  await ctx.services.superTags.define(account!.id, 'Social Media', [
    { name: 'Twitter Username', type: 'Text', options: [] },
    { name: 'Sales Cluster', type: 'Multiple choice', options: ['Ruby', 'Python'] },
    { name: 'Cool Since', type: 'Text', options: [] },
  ]);
  company = await createCompany(c, 'BatchBlue Software');
  person = await createPerson(c, 'Matt', 'Gillooly', `<title>Old Friend</title><notes>Met at &lt;conf&gt; &amp; more</notes><company_id>${company}</company_id>`);
  await c.put(`/service/people/${person}/add_tag.xml?tag=awesome`);
  await c.put(`/service/people/${person}/super_tags/social_media.xml?super_tag[twitter_username]=mattg&super_tag[sales_cluster]=ruby`);
  await c.post(
    `/service/people/${person}/locations.xml`,
    '<location><label>work</label><primary>true</primary><email>matt@example.com</email><website>http://example.com/</website><phone>(888) 40-BATCH</phone><street_1>18 Maple Ave.</street_1><street_2>Suite #300</street_2><city>Barrington</city><state>RI</state><postal_code>02806</postal_code><country>US</country></location>',
  );
  await c.post(`/service/people/${person}/comments.xml`, '<comment><comment>Best comment ever</comment></comment>');
  await c.put(`/service/companies/${company}/add_tag.xml?tag=customer`);
  // A SuperTag applied without values still carries an empty <fields> (spec §1.8).
  await c.put(`/service/companies/${company}/add_tag.xml?tag=social%20media`);
});

describe('golden XML documents', () => {
  it('person', async () => golden('person', (await c.get(`/service/people/${person}.xml`)).body));
  it('people collection', async () => golden('people', (await c.get('/service/people.xml')).body));
  it('company', async () => golden('company', (await c.get(`/service/companies/${company}.xml`)).body));
  it('location', async () => golden('location', (await c.get(`/service/people/${person}/locations/work.xml`)).body));
  it('tags collection (plain and SuperTag)', async () => golden('tags', (await c.get('/service/tags.xml')).body));
  it('tag', async () => golden('tag', (await c.get('/service/tags/awesome.xml')).body));
  it('super_tag definition', async () => golden('super_tag_definition', (await c.get('/service/super_tags/Social%20Media.xml')).body));
  it('super_tag values', async () => golden('super_tag_values', (await c.get(`/service/people/${person}/super_tags/social_media.xml`)).body));
  it('mega_comment', async () => golden('mega_comment', (await c.get(`/service/people/${person}/comments.xml`)).body));
  it('users', async () => golden('users', (await c.get('/service/users.xml')).body));
  it('errors', async () => golden('errors', (await c.post('/service/people.xml', '<person></person>')).body));
});
