// Golden XML fixtures of the communication documents (spec §10): `<communication>`, the
// communications collection and `<participants>`. The .NET client reads fields positionally, so
// any change here is a breaking change for it. Timestamps are replaced by TIME / OFFSET_TIME.
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/golden-communications.test.ts
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, idFromLocation, makeApp, golden } from './helpers.js';

let ctx: App;
let c: Client;
let communication: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  const company = await createCompany(c, 'BatchBlue Software');
  const person = await createPerson(c, 'Ann', 'Lee');
  const res = await c.post(
    '/service/communications.xml',
    '<communication><subject>Re: Hi again!</subject><body>The body of the &lt;email&gt; &amp; more</body><date>2010-05-28 10:53:00 -0400</date><ctype>email</ctype></communication>',
  );
  communication = idFromLocation(res);
  await c.post('/service/communications.xml', '<communication><ctype>phone</ctype><date>2010-05-29</date></communication>');
  await c.put(`/service/communications/${communication}/add_tag.xml?tag=followup`);
  await c.post(`/service/communications/${communication}/comments.xml`, '<comment><comment>Best comment ever</comment></comment>');
  await c.put(`/service/communications/${communication}/add_participant.xml?contact_id=${person}&role=to`);
  await c.put(`/service/communications/${communication}/add_participant.xml?contact_id=${company}&role=from`);
});
afterAll(async () => ctx.app.close());

describe('golden XML documents of communications', () => {
  it('communication', async () => golden('communication', (await c.get(`/service/communications/${communication}.xml`)).body));
  it('communications collection', async () => golden('communications', (await c.get('/service/communications.xml')).body));
  it('participants', async () => golden('participants', (await c.get(`/service/communications/${communication}/participants.xml`)).body));
});
