import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let accountId: number;

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  accountId = (await ctx.services.accounts.findAccount('demo'))!.id;
  await ctx.services.superTags.define(accountId, 'Social Media', [
    { name: 'Twitter Username', type: 'Text', options: [] },
    { name: 'Sales Cluster', type: 'Multiple choice', options: ['Ruby', 'Python'] },
  ]);
});
afterAll(async () => ctx.app.close());

type Kind = 'people' | 'companies';
const ROOT: Record<Kind, 'person' | 'company'> = { people: 'person', companies: 'company' };

async function createRecord(kind: Kind, name = 'Tagged'): Promise<number> {
  return kind === 'people' ? createPerson(c, name, 'Record') : createCompany(c, `${name} Co`);
}

/** The `<tag>` fragments inside a person or company document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function recordTags(kind: Kind, id: number, client = c): Promise<any[]> {
  const res = await client.get(`/service/${kind}/${id}.xml`);
  expect(res.statusCode).toBe(200);
  const tags = xml(res)[ROOT[kind]].tags;
  return Array.isArray(tags?.tag) ? tags.tag : [];
}

async function tagNamesOf(kind: Kind, id: number): Promise<string[]> {
  return (await recordTags(kind, id)).map((t) => t.name as string).sort();
}

/** All tags of the account, by name (as listed by tags.xml). */
async function allTagNames(client = c): Promise<string[]> {
  return items(await client.get('/service/tags.xml'), 'tags').map((t) => t.name as string);
}

describe.each(['people', 'companies'] as const)('PUT /service/%s/:id/add_tag', (kind) => {
  // Every argument form of the spec §6 table; each case tags a fresh record.
  const forms: { form: string; url: string; body?: string; type?: string; expected: string[] }[] = [
    { form: 'XML <tag>', url: 'add_tag.xml', body: '<tag>awesome</tag>', expected: ['awesome'] },
    { form: 'XML <tag> with whitespace around the name (docs)', url: 'add_tag.xml', body: '<tag>\n  spaced out\n</tag>', expected: ['spaced out'] },
    { form: 'XML <tags> comma list', url: 'add_tag.xml', body: '<tags>important,fun,another tag</tags>', expected: ['another tag', 'fun', 'important'] },
    { form: 'XML <tags type="array"> of <tag>', url: 'add_tag.xml', body: '<tags type="array"><tag>arr a</tag><tag>arr b</tag></tags>', expected: ['arr a', 'arr b'] },
    { form: 'XML <tags> of <tag> without type (.NET)', url: 'add_tag.xml', body: '<?xml version="1.0" encoding="utf-8"?><tags><tag>net a</tag><tag>net b</tag></tags>', expected: ['net a', 'net b'] },
    { form: 'XML <tags type="array"> with a single <tag>', url: 'add_tag.xml', body: '<tags type="array"><tag>single typed</tag></tags>', expected: ['single typed'] },
    { form: 'XML <tags> with a single <tag> and no type', url: 'add_tag.xml', body: '<tags><tag>single untyped</tag></tags>', expected: ['single untyped'] },
    { form: 'query ?tag=', url: 'add_tag.xml?tag=query%20one', expected: ['query one'] },
    { form: 'query ?tags[]=&tags[]=', url: 'add_tag.xml?tags[]=gem%20a&tags[]=gem+b', expected: ['gem a', 'gem b'] },
    { form: 'query ?tags%5B%5D= (brackets encoded by to_query)', url: 'add_tag.xml?tags%5B%5D=enc%20a&tags%5B%5D=enc%20b', expected: ['enc a', 'enc b'] },
    { form: 'query ?tags=a,b', url: 'add_tag.xml?tags=comma%20a,comma%20b', expected: ['comma a', 'comma b'] },
    { form: 'query ?tag= with an empty XML body (gem)', url: 'add_tag.xml?tag=gem%20empty', body: '', type: 'application/xml', expected: ['gem empty'] },
    { form: 'form body tag= (PHP)', url: 'add_tag.xml', body: 'tag=php+tag', expected: ['php tag'] },
    { form: 'form body tags[0]=&tags[1]= (PHP http_build_query)', url: 'add_tag.xml', body: 'tags%5B0%5D=php0&tags%5B1%5D=php1', expected: ['php0', 'php1'] },
    { form: 'path variant add_tag/{name}', url: 'add_tag/path%20tag.xml', expected: ['path tag'] },
  ];

  it.each(forms)('accepts $form and answers exactly 200 with an empty body', async ({ url, body, type, expected }) => {
    const id = await createRecord(kind);
    const res = await c.put(`/service/${kind}/${id}/${url}`, body, type ? { type } : {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(await tagNamesOf(kind, id)).toEqual(expected);
  });

  it('is idempotent: adding a tag twice gives one tagging', async () => {
    const id = await createRecord(kind);
    expect((await c.put(`/service/${kind}/${id}/add_tag.xml?tag=twice`)).statusCode).toBe(200);
    expect((await c.put(`/service/${kind}/${id}/add_tag.xml`, '<tag>twice</tag>')).statusCode).toBe(200);
    expect((await c.put(`/service/${kind}/${id}/add_tag.xml?tags[]=again&tags[]=AGAIN`)).statusCode).toBe(200);
    expect(await tagNamesOf(kind, id)).toEqual(['again', 'twice']);
    expect(items(await c.get(`/service/tags.xml?contact_id=${id}`), 'tags').map((t) => t.name)).toEqual(['twice', 'again']);
  });

  it('creates unknown tag names', async () => {
    const id = await createRecord(kind);
    const name = `brand new ${kind}`;
    expect((await c.get(`/service/tags/${encodeURIComponent(name)}.xml`)).statusCode).toBe(404);
    await c.put(`/service/${kind}/${id}/add_tag.xml`, `<tag>${name}</tag>`);
    const res = await c.get(`/service/tags/${encodeURIComponent(name)}.xml`);
    expect(res.statusCode).toBe(200);
    expect(xml(res).tag.name).toBe(name);
  });

  it('reuses an existing tag case-insensitively, keeping its original spelling', async () => {
    const first = await createRecord(kind);
    const second = await createRecord(kind);
    await c.put(`/service/${kind}/${first}/add_tag.xml?tag=Customer%20${kind}`);
    await c.put(`/service/${kind}/${second}/add_tag.xml?tag=CUSTOMER%20${kind.toUpperCase()}`);
    const [a] = await recordTags(kind, first);
    const [b] = await recordTags(kind, second);
    expect(b.id['#text']).toBe(a.id['#text']);
    expect(b.name).toBe(`Customer ${kind}`);
    expect((await allTagNames()).filter((n) => n.toLowerCase() === `customer ${kind}`)).toEqual([`Customer ${kind}`]);
  });

  it('answers 422 with <errors> when no tag is given, and changes nothing', async () => {
    const id = await createRecord(kind);
    const before = await allTagNames();
    const calls: [string, string | undefined][] = [
      ['add_tag.xml', undefined],
      ['add_tag.xml', '<tag></tag>'],
      ['add_tag.xml', '<tags type="array"></tags>'],
      ['add_tag.xml?tag=', undefined],
      ['add_tag.xml?tags=,%20,', undefined],
      ['add_tag.xml', 'tag='],
    ];
    for (const [url, body] of calls) {
      const res = await c.put(`/service/${kind}/${id}/${url}`, body);
      expect(res.statusCode, `${url} ${body}`).toBe(422);
      expect(xml(res).errors.error).toEqual(["Tag can't be blank"]);
    }
    expect(await tagNamesOf(kind, id)).toEqual([]);
    expect(await allTagNames()).toEqual(before);
  });

  it('answers 404 for an unknown record, and creates no tag', async () => {
    const other = kind === 'people' ? await createCompany(c, 'Wrong Kind') : await createPerson(c, 'Wrong', 'Kind');
    for (const url of [
      `/service/${kind}/999999/add_tag.xml?tag=never%20created`,
      `/service/${kind}/abc/add_tag.xml?tag=never%20created`,
      `/service/${kind}/${other}/add_tag.xml?tag=never%20created`,
      `/service/${kind}/999999/add_tag/never%20created.xml`,
    ]) {
      const res = await c.put(url);
      expect(res.statusCode, url).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
    expect((await c.get('/service/tags/never%20created.xml')).statusCode).toBe(404);
  });
});

describe.each(['people', 'companies'] as const)('DELETE /service/%s/:id/remove_tag', (kind) => {
  const forms: { form: string; url: string; body?: string }[] = [
    { form: 'XML <tag> body (.NET)', url: 'remove_tag.xml', body: '<tag>doomed</tag>' },
    { form: 'query ?tag= (gem)', url: 'remove_tag.xml?tag=doomed' },
    { form: 'form body tag= (PHP)', url: 'remove_tag.xml', body: 'tag=doomed' },
    { form: 'a differently-cased name', url: 'remove_tag.xml?tag=DOOMED' },
    { form: 'path variant remove_tag/{name}', url: 'remove_tag/doomed.xml' },
  ];

  it.each(forms)('removes with $form and answers exactly 200 with an empty body', async ({ url, body }) => {
    const id = await createRecord(kind);
    await c.put(`/service/${kind}/${id}/add_tag.xml?tags[]=doomed&tags[]=keeper`);
    const res = await c.del(`/service/${kind}/${id}/${url}`, body);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(await tagNamesOf(kind, id)).toEqual(['keeper']);
    // The tag itself stays defined for the account.
    expect((await c.get('/service/tags/doomed.xml')).statusCode).toBe(200);
  });

  it('treats removing a tag that is not on the record (or does not exist) as a no-op 200', async () => {
    const id = await createRecord(kind);
    await c.put(`/service/${kind}/${id}/add_tag.xml?tag=stays`);
    await c.put(`/service/${kind}/${await createRecord(kind)}/add_tag.xml?tag=elsewhere`);
    for (const name of ['elsewhere', 'no such tag anywhere']) {
      const res = await c.del(`/service/${kind}/${id}/remove_tag.xml?tag=${encodeURIComponent(name)}`);
      expect(res.statusCode).toBe(200);
    }
    expect(await tagNamesOf(kind, id)).toEqual(['stays']);
    expect(await allTagNames()).not.toContain('no such tag anywhere');
  });

  it('answers 404 for an unknown record', async () => {
    expect((await c.del(`/service/${kind}/999999/remove_tag.xml?tag=x`)).statusCode).toBe(404);
  });
});

describe('GET /service/tags', () => {
  it('answers every tag of the account in the documented shape, SuperTags flagged', async () => {
    const fresh = await makeApp();
    const f = new Client(fresh.app);
    try {
      expect((await f.get('/service/tags.xml')).body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<tags type="array"></tags>\n');
      const acct = (await fresh.services.accounts.findAccount('demo'))!.id;
      await fresh.services.superTags.define(acct, 'Social Media', [{ name: 'Twitter Username', type: 'Text', options: [] }]);
      const person = await createPerson(f);
      await f.put(`/service/people/${person}/add_tag.xml`, '<tags>awesome,customer</tags>');
      const res = await f.get('/service/tags.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      const list = items(res, 'tags');
      const [sm, aw, cu] = list.map((t) => t.id['#text'] as string);
      expect(res.body).toBe(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tags type="array">\n' +
          `  <tag>\n    <id type="integer">${sm}</id>\n    <name>Social Media</name>\n    <supertag type="boolean">true</supertag>\n  </tag>\n` +
          `  <tag>\n    <id type="integer">${aw}</id>\n    <name>awesome</name>\n    <supertag type="boolean">false</supertag>\n  </tag>\n` +
          `  <tag>\n    <id type="integer">${cu}</id>\n    <name>customer</name>\n    <supertag type="boolean">false</supertag>\n  </tag>\n` +
          '</tags>\n',
      );
      expect(Number(sm)).toBeLessThan(Number(aw));
      expect(Number(aw)).toBeLessThan(Number(cu));
    } finally {
      await fresh.app.close();
    }
  });

  it('filters by contact_id, for a person and for a company', async () => {
    const person = await createPerson(c, 'Filter', 'Me');
    const company = await createCompany(c, 'Filter Co');
    await c.put(`/service/people/${person}/add_tag.xml?tags[]=only%20person&tags[]=shared%20tag`);
    await c.put(`/service/companies/${company}/add_tag.xml?tags[]=only%20company&tags[]=shared%20tag`);
    await c.put(`/service/people/${person}/add_tag.xml?tag=Social%20Media`);
    const names = async (id: number) => items(await c.get(`/service/tags.xml?contact_id=${id}`), 'tags').map((t) => t.name);
    expect((await names(person)).sort()).toEqual(['Social Media', 'only person', 'shared tag']);
    expect((await names(company)).sort()).toEqual(['only company', 'shared tag']);
    // Same shape as the full list: a SuperTag is flagged but carries no <fields> here.
    const sm = items(await c.get(`/service/tags.xml?contact_id=${person}`), 'tags').find((t) => t.name === 'Social Media');
    expect(sm.supertag).toEqual({ '#text': 'true', '@type': 'boolean' });
    expect(sm.fields).toBeUndefined();
    const untagged = await createPerson(c, 'No', 'Tags');
    const empty = await c.get(`/service/tags.xml?contact_id=${untagged}`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<tags type="array"></tags>\n');
  });

  it('answers 404 for an unknown contact_id', async () => {
    expect((await c.get('/service/tags.xml?contact_id=999999')).statusCode).toBe(404);
  });
});

describe('GET /service/tags/:name', () => {
  it('answers one tag by its URL-encoded name, case-insensitively', async () => {
    const id = await createPerson(c);
    await c.put(`/service/people/${id}/add_tag.xml`, '<tag>Big Fish</tag>');
    for (const url of ['/service/tags/Big%20Fish.xml', '/service/tags/big%20fish.xml', '/service/tags/Big%20Fish']) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<tag>\n {2}<id type="integer">\d+<\/id>\n {2}<name>Big Fish<\/name>\n {2}<supertag type="boolean">false<\/supertag>\n<\/tag>\n$/,
      );
    }
    expect(xml(await c.get('/service/tags/Social%20Media.xml')).tag.supertag['#text']).toBe('true');
  });

  it('answers a numeric segment that names no tag by id (batchbook-tagger), preferring a tag so named', async () => {
    const id = await createPerson(c);
    await c.put(`/service/people/${id}/add_tag.xml?tag=by%20id`);
    const tag = items(await c.get(`/service/tags.xml?contact_id=${id}`), 'tags')[0];
    const res = await c.get(`/service/tags/${tag.id['#text']}.xml`);
    expect(res.statusCode).toBe(200);
    expect(xml(res).tag.name).toBe('by id');
    await c.put(`/service/people/${id}/add_tag.xml?tag=2024`);
    expect(xml(await c.get('/service/tags/2024.xml')).tag.name).toBe('2024');
    expect((await c.get('/service/tags/999999.xml')).statusCode).toBe(404);
  });

  it('answers 404 in the error shape when there is no such tag', async () => {
    const res = await c.get('/service/tags/nothing%20here.xml');
    expect(res.statusCode).toBe(404);
    expect(xml(res).errors.error[0]).toMatch(/not found/);
  });
});

describe('legacy PUT /service/tags/:name/add_to and remove_from (gem 1.0.2)', () => {
  it('adds and removes a tag on a person or a company by contact_id', async () => {
    const person = await createPerson(c, 'Legacy', 'Person');
    const company = await createCompany(c, 'Legacy Co');
    for (const [kind, id] of [['people', person], ['companies', company]] as const) {
      const add = await c.put(`/service/tags/old%20school/add_to.xml?contact_id=${id}`);
      expect(add.statusCode).toBe(200);
      expect(add.body).toBe('');
      expect(await tagNamesOf(kind, id)).toEqual(['old school']);
      const remove = await c.put(`/service/tags/Old%20School/remove_from.xml?contact_id=${id}`);
      expect(remove.statusCode).toBe(200);
      expect(await tagNamesOf(kind, id)).toEqual([]);
    }
  });

  it('answers 404 for an unknown or missing contact', async () => {
    expect((await c.put('/service/tags/x/add_to.xml?contact_id=999999')).statusCode).toBe(404);
    expect((await c.put('/service/tags/x/add_to.xml')).statusCode).toBe(404);
    expect((await c.put('/service/tags/x/remove_from.xml?contact_id=999999')).statusCode).toBe(404);
  });
});

describe('tags inside a person (spec §1.8)', () => {
  it('gives plain tags no <fields> and SuperTags always <fields>, even empty', async () => {
    const id = await createPerson(c, 'Fields', 'Check');
    await c.put(`/service/people/${id}/add_tag.xml`, '<tags type="array"><tag>plain</tag><tag>social media</tag></tags>');
    const res = await c.get(`/service/people/${id}.xml`);
    const tags = xml(res).person.tags.tag;
    const plain = tags.find((t: { name: string }) => t.name === 'plain');
    const sm = tags.find((t: { name: string }) => t.name === 'Social Media');
    expect(Object.keys(plain)).toEqual(['id', 'name', 'supertag']);
    expect(plain.supertag['#text']).toBe('false');
    expect(Object.keys(sm)).toEqual(['id', 'name', 'supertag', 'fields']);
    expect(sm.supertag['#text']).toBe('true');
    expect(res.body).toMatch(/<name>Social Media<\/name>\n\s*<supertag type="boolean">true<\/supertag>\n\s*<fields><\/fields>\n\s*<\/tag>/);
    expect(res.body).toMatch(/<name>plain<\/name>\n\s*<supertag type="boolean">false<\/supertag>\n\s*<\/tag>/);
  });

  it('keys SuperTag values by lower-cased field name with underscores, omitting empty ones', async () => {
    const id = await createPerson(c, 'Values', 'Shown');
    await c.put(`/service/people/${id}/super_tags/Social%20Media.xml`, 'super_tag[Twitter Username]=mattg');
    let res = await c.get(`/service/people/${id}.xml`);
    expect(res.body).toMatch(/<supertag type="boolean">true<\/supertag>\n\s*<fields>\n\s*<twitter_username>mattg<\/twitter_username>\n\s*<\/fields>/);
    await c.put(`/service/people/${id}/super_tags/Social%20Media.xml`, 'super_tag[sales_cluster]=ruby');
    res = await c.get(`/service/people/${id}.xml`);
    const sm = xml(res).person.tags.tag[0];
    expect(sm.fields).toEqual({ twitter_username: 'mattg', sales_cluster: 'Ruby' });
  });

  it('applies a SuperTag with no values when its name is added as a tag, and keeps existing values', async () => {
    const id = await createPerson(c, 'Apply', 'ByName');
    expect((await c.put(`/service/people/${id}/add_tag.xml?tag=SOCIAL%20MEDIA`)).statusCode).toBe(200);
    const [sm] = await recordTags('people', id);
    expect(sm.name).toBe('Social Media');
    expect(sm.fields).toBe('');
    const applied = await c.get(`/service/people/${id}/super_tags.xml`);
    expect(items(applied, 'super_tags').map((s) => s.name)).toEqual(['Social Media']);
    // No new plain tag named like the SuperTag was created.
    expect((await allTagNames()).filter((n) => n.toLowerCase() === 'social media')).toEqual(['Social Media']);

    await c.put(`/service/people/${id}/super_tags/Social%20Media.xml?super_tag[twitter_username]=kept`);
    await c.put(`/service/people/${id}/add_tag.xml?tag=Social%20Media`);
    expect((await recordTags('people', id))[0].fields).toEqual({ twitter_username: 'kept' });
  });

  it('drops the values when a SuperTag is removed through remove_tag', async () => {
    const id = await createPerson(c, 'Remove', 'Values');
    await c.put(`/service/people/${id}/super_tags/Social%20Media.xml?super_tag[twitter_username]=gone`);
    expect((await c.del(`/service/people/${id}/remove_tag.xml`, '<tag>Social Media</tag>')).statusCode).toBe(200);
    expect(await recordTags('people', id)).toEqual([]);
    await c.put(`/service/people/${id}/add_tag.xml?tag=Social%20Media`);
    expect((await recordTags('people', id))[0].fields).toBe('');
  });

  it('shows tags inside a company the same way', async () => {
    const id = await createCompany(c, 'Fragment Co');
    await c.put(`/service/companies/${id}/add_tag.xml?tags=plain,Social%20Media`);
    const tags = await recordTags('companies', id);
    expect(tags.map((t) => [t.name, 'fields' in t])).toEqual([
      ['Social Media', true],
      ['plain', false],
    ]);
  });
});

describe('the tag name attribute (CLASSICBOOK_TAG_NAME_ATTRIBUTE)', () => {
  it('is not emitted by default', async () => {
    const id = await createPerson(c, 'No', 'Attr');
    await c.put(`/service/people/${id}/add_tag.xml?tags[]=plain&tags[]=Social%20Media`);
    for (const url of [`/service/people/${id}.xml`, '/service/tags.xml', '/service/tags/plain.xml', `/service/tags.xml?contact_id=${id}`]) {
      const body = (await c.get(url)).body;
      expect(body, url).toContain('<tag>');
      expect(body, url).not.toMatch(/<tag /);
    }
  });

  it('emits <tag name="..."> everywhere when enabled, escaped', async () => {
    const on = await makeApp({ CLASSICBOOK_TAG_NAME_ATTRIBUTE: 'true' });
    const o = new Client(on.app);
    try {
      const acct = (await on.services.accounts.findAccount('demo'))!.id;
      await on.services.superTags.define(acct, 'Social Media', [{ name: 'Twitter Username', type: 'Text', options: [] }]);
      const id = await createPerson(o, 'With', 'Attr');
      await o.put(`/service/people/${id}/add_tag.xml`, '<tags type="array"><tag>a "quoted" &amp; tag</tag><tag>Social Media</tag></tags>');
      const person = (await o.get(`/service/people/${id}.xml`)).body;
      expect(person).toContain('<tag name="a &quot;quoted&quot; &amp; tag">');
      expect(person).toMatch(/<tag name="Social Media">\n\s*<id type="integer">\d+<\/id>\n\s*<name>Social Media<\/name>\n\s*<supertag type="boolean">true<\/supertag>\n\s*<fields><\/fields>/);
      const list = (await o.get('/service/tags.xml')).body;
      expect(list).toContain('<tag name="Social Media">');
      expect(list).toContain('<tag name="a &quot;quoted&quot; &amp; tag">');
      expect((await o.get('/service/tags/Social%20Media.xml')).body).toContain('<tag name="Social Media">\n  <id type="integer">');
    } finally {
      await on.app.close();
    }
  });
});

describe('tags across accounts', () => {
  it('neither lists nor applies another account’s tags and records', async () => {
    const other = await ctx.services.accounts.createAccount('tagother', { email: 'o@example.com', name: 'Other' });
    const o = new Client(ctx.app, other.token);
    const mine = await createPerson(c, 'Mine', 'Only');
    await c.put(`/service/people/${mine}/add_tag.xml?tag=private%20tag`);
    expect(await allTagNames(o)).toEqual([]);
    expect((await o.get('/service/tags/private%20tag.xml')).statusCode).toBe(404);
    expect((await o.put(`/service/people/${mine}/add_tag.xml?tag=intruder`)).statusCode).toBe(404);
    expect((await o.get(`/service/tags.xml?contact_id=${mine}`)).statusCode).toBe(404);
    const theirs = await createPerson(o, 'Theirs', 'Only');
    await o.put(`/service/people/${theirs}/add_tag.xml?tag=Private%20Tag`);
    // A separate tag in the other account, not the first account's one.
    expect(await allTagNames(o)).toEqual(['Private Tag']);
    expect(await allTagNames()).toContain('private tag');
    expect(await allTagNames()).not.toContain('intruder');
  });
});
