import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { Client, createCompany, createPerson, items, makeApp, xml } from './helpers.js';

let ctx: App;
let c: Client;
let accountId: number;

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

const SOCIAL_MEDIA =
  '<super_tag>\n' +
  '  <name>Social Media</name>\n' +
  '  <fields>\n' +
  '    <field type="Text">Twitter Username</field>\n' +
  '    <field type="Multiple choice" name="Sales Cluster">\n' +
  '      <option></option>\n' +
  '      <option>Ruby</option>\n' +
  '      <option>Python</option>\n' +
  '    </field>\n' +
  '    <field type="Checkbox">Cool Dude</field>\n' +
  '    <field type="Date">Cool Since</field>\n' +
  '  </fields>\n' +
  '</super_tag>\n';

beforeAll(async () => {
  ctx = await makeApp();
  c = new Client(ctx.app);
  accountId = (await ctx.services.accounts.findAccount('demo'))!.id;
  // A plain tag created first must never show up among the definitions.
  await c.put(`/service/people/${await createPerson(c, 'Plain', 'Only')}/add_tag.xml?tag=plain`);
  await ctx.services.superTags.define(accountId, 'Social Media', [
    { name: 'Twitter Username', type: 'Text', options: [] },
    { name: 'Sales Cluster', type: 'Multiple choice', options: ['Ruby', 'Python'] },
    { name: 'Cool Dude', type: 'Checkbox', options: [] },
    { name: 'Cool Since', type: 'Date', options: [] },
  ]);
  await ctx.services.superTags.define(accountId, 'Work Schedule', [
    { name: 'Monday', type: 'Text', options: [] },
    { name: 'Tuesday', type: 'Text', options: [] },
  ]);
});
afterAll(async () => ctx.app.close());

type Kind = 'people' | 'companies';

async function createRecord(kind: Kind, name = 'Super'): Promise<number> {
  return kind === 'people' ? createPerson(c, name, 'Tagged') : createCompany(c, `${name} Co`);
}

/** The value document of one applied SuperTag, as an object without id and name. */
async function valuesOf(kind: Kind, id: number, name = 'Social%20Media'): Promise<Record<string, string>> {
  const res = await c.get(`/service/${kind}/${id}/super_tags/${name}.xml`);
  expect(res.statusCode).toBe(200);
  const { id: _id, name: _name, ...values } = xml(res).super_tag;
  return values;
}

describe('GET /service/super_tags (definitions)', () => {
  it('answers an empty array when the account has no SuperTags', async () => {
    const fresh = await makeApp();
    try {
      const res = await new Client(fresh.app).get('/service/super_tags.xml');
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(`${DECL}<super_tags type="array"></super_tags>\n`);
    } finally {
      await fresh.app.close();
    }
  });

  it('lists every definition in the documented shape, and no plain tags', async () => {
    const res = await c.get('/service/super_tags.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const indent = (s: string) => s.replace(/^(?=.)/gm, '  ');
    expect(res.body).toBe(
      `${DECL}<super_tags type="array">\n` +
        indent(SOCIAL_MEDIA) +
        indent('<super_tag>\n  <name>Work Schedule</name>\n  <fields>\n    <field type="Text">Monday</field>\n    <field type="Text">Tuesday</field>\n  </fields>\n</super_tag>\n') +
        '</super_tags>\n',
    );
  });

  it('keeps every field in JSON (.json)', async () => {
    const res = await c.get('/service/super_tags/Social%20Media.json');
    expect(res.statusCode).toBe(200);
    const def = JSON.parse(res.body).super_tag;
    expect(def.name).toBe('Social Media');
    expect(def.fields).toHaveLength(4);
    expect(def.fields[0]).toEqual({ type: 'Text', value: 'Twitter Username' });
    expect(def.fields[1]).toMatchObject({ type: 'Multiple choice', name: 'Sales Cluster' });
    expect(def.fields[3]).toEqual({ type: 'Date', value: 'Cool Since' });
  });

  it('writes a definition without fields as an empty <fields></fields>', async () => {
    const fresh = await makeApp();
    try {
      const acct = (await fresh.services.accounts.findAccount('demo'))!.id;
      await fresh.services.superTags.define(acct, 'Bare', []);
      const res = await new Client(fresh.app).get('/service/super_tags/Bare.xml');
      expect(res.body).toBe(`${DECL}<super_tag>\n  <name>Bare</name>\n  <fields></fields>\n</super_tag>\n`);
    } finally {
      await fresh.app.close();
    }
  });
});

describe('GET /service/super_tags/:name (one definition)', () => {
  it('resolves the name however the clients spell it', async () => {
    for (const name of ['Social%20Media', 'social_media', 'SOCIAL+MEDIA', 'social%20media', 'Social_Media', 'Social%2BMedia']) {
      const res = await c.get(`/service/super_tags/${name}.xml`);
      expect(res.statusCode, name).toBe(200);
      expect(res.body, name).toBe(DECL + SOCIAL_MEDIA);
    }
  });

  it('answers 404 for an unknown name, and for a plain tag', async () => {
    for (const name of ['Nope', 'plain', 'Social%20Medi']) {
      const res = await c.get(`/service/super_tags/${name}.xml`);
      expect(res.statusCode, name).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/not found/);
    }
  });
});

describe('SuperTag definitions are read-only through the API (decisions.md)', () => {
  it('has no route to create, change or delete a definition', async () => {
    const calls = [
      () => c.post('/service/super_tags.xml', '<super_tag><name>Hacked</name></super_tag>'),
      () => c.put('/service/super_tags.xml', '<super_tag><name>Hacked</name></super_tag>'),
      () => c.post('/service/super_tags/Social%20Media.xml', '<super_tag><name>Hacked</name></super_tag>'),
      () => c.put('/service/super_tags/Social%20Media.xml', '<super_tag><name>Hacked</name></super_tag>'),
      () => c.del('/service/super_tags/Social%20Media.xml'),
    ];
    for (const call of calls) {
      const res = await call();
      expect(res.statusCode).toBe(404);
      expect(xml(res).errors.error[0]).toMatch(/No route/);
    }
    expect((await c.get('/service/super_tags/Social%20Media.xml')).body).toBe(DECL + SOCIAL_MEDIA);
    expect((await c.get('/service/super_tags/Hacked.xml')).statusCode).toBe(404);
  });
});

describe.each(['people', 'companies'] as const)('SuperTag values on %s', (kind) => {
  const base = (id: number | string) => `/service/${kind}/${id}/super_tags`;

  describe('PUT /service/%s/:id/super_tags/:name', () => {
    const forms: { form: string; url: string; body?: string; type?: string }[] = [
      { form: 'query super_tag[key]= (gem)', url: 'Social%20Media.xml?super_tag[twitter_username]=mattg' },
      { form: 'query with brackets encoded (to_query)', url: 'Social%20Media.xml?super_tag%5Btwitter_username%5D=mattg' },
      { form: 'query with the record XML as body (ActiveResource)', url: 'Social%20Media.xml?super_tag[twitter_username]=mattg', body: '<record><name>ignored</name></record>' },
      { form: 'form body super_tag[Field Name]= (PHP)', url: 'social_media.xml', body: 'super_tag[Twitter Username]=mattg' },
      { form: 'form body with encoded brackets and +', url: 'social_media.xml', body: 'super_tag%5BTwitter+Username%5D=mattg' },
      { form: 'XML <super_tag>', url: 'Social%20Media.xml', body: '<super_tag><twitter_username>mattg</twitter_username></super_tag>' },
      { form: 'dashed ActiveResource XML', url: 'SOCIAL+MEDIA.xml', body: '<?xml version="1.0" encoding="UTF-8"?>\n<super-tag>\n  <twitter-username>mattg</twitter-username>\n</super-tag>' },
    ];

    it.each(forms)('applies the SuperTag and sets values from $form → 200', async ({ url, body, type }) => {
      const id = await createRecord(kind);
      expect((await c.get(`${base(id)}/Social%20Media.xml`)).statusCode).toBe(404);
      const res = await c.put(`${base(id)}/${url}`, body, type ? { type } : {});
      expect(res.statusCode).toBe(200);
      expect(await valuesOf(kind, id)).toEqual({ twitter_username: 'mattg' });
      const tag = xml(await c.get(`/service/${kind}/${id}.xml`))[kind === 'people' ? 'person' : 'company'].tags.tag;
      expect(tag).toHaveLength(1);
      expect(tag[0].name).toBe('Social Media');
      expect(tag[0].fields).toEqual({ twitter_username: 'mattg' });
    });

    it('answers the value document', async () => {
      const id = await createRecord(kind);
      const res = await c.put(`${base(id)}/Social%20Media.xml?super_tag[sales_cluster]=Python`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<super_tag>\n {2}<id type="integer">\d+<\/id>\n {2}<name>Social Media<\/name>\n {2}<sales_cluster>Python<\/sales_cluster>\n<\/super_tag>\n$/,
      );
    });

    it('applies with no values when none are given, and is idempotent', async () => {
      const id = await createRecord(kind);
      expect((await c.put(`${base(id)}/Work%20Schedule.xml`)).statusCode).toBe(200);
      expect((await c.put(`${base(id)}/work_schedule.xml`)).statusCode).toBe(200);
      expect(await valuesOf(kind, id, 'Work%20Schedule')).toEqual({});
      expect(items(await c.get(`${base(id)}.xml`), 'super_tags').map((s) => s.name)).toEqual(['Work Schedule']);
    });

    it('updates some fields and leaves the others unchanged', async () => {
      const id = await createRecord(kind);
      await c.put(`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=first&super_tag[sales_cluster]=ruby`);
      expect(await valuesOf(kind, id)).toEqual({ twitter_username: 'first', sales_cluster: 'Ruby' });
      await c.put(`${base(id)}/Social%20Media.xml`, '<super_tag><twitter_username>second</twitter_username></super_tag>');
      expect(await valuesOf(kind, id)).toEqual({ twitter_username: 'second', sales_cluster: 'Ruby' });
    });

    it('ignores unknown keys', async () => {
      const id = await createRecord(kind);
      const res = await c.put(`${base(id)}/Social%20Media.xml?super_tag[favourite_colour]=blue&super_tag[twitter_username]=known`);
      expect(res.statusCode).toBe(200);
      expect(await valuesOf(kind, id)).toEqual({ twitter_username: 'known' });
    });

    it('matches Multiple choice values case-insensitively and stores the option as defined', async () => {
      const id = await createRecord(kind);
      await c.put(`${base(id)}/Social%20Media.xml`, 'super_tag[Sales Cluster]=PYTHON');
      expect(await valuesOf(kind, id)).toEqual({ sales_cluster: 'Python' });
    });

    it('answers 422 for a Multiple choice value not among the options, and changes nothing', async () => {
      const fresh = await createRecord(kind);
      const bad = await c.put(`${base(fresh)}/Social%20Media.xml?super_tag[twitter_username]=x&super_tag[sales_cluster]=Cobol`);
      expect(bad.statusCode).toBe(422);
      expect(xml(bad).errors.error[0]).toMatch(/Sales Cluster/);
      // Not applied either.
      expect((await c.get(`${base(fresh)}/Social%20Media.xml`)).statusCode).toBe(404);
      expect((await c.get(`/service/tags.xml?contact_id=${fresh}`)).body).not.toContain('Social Media');

      const tagged = await createRecord(kind);
      await c.put(`${base(tagged)}/Social%20Media.xml?super_tag[twitter_username]=before&super_tag[sales_cluster]=Ruby`);
      const again = await c.put(`${base(tagged)}/Social%20Media.xml`, '<super_tag><twitter_username>after</twitter_username><sales_cluster>Cobol</sales_cluster></super_tag>');
      expect(again.statusCode).toBe(422);
      expect(await valuesOf(kind, tagged)).toEqual({ twitter_username: 'before', sales_cluster: 'Ruby' });
    });

    it('accepts .NET-style booleans for a Checkbox and refuses anything else with 422', async () => {
      const id = await createRecord(kind);
      expect((await c.put(`${base(id)}/Social%20Media.xml?super_tag[cool_dude]=True`)).statusCode).toBe(200);
      expect(await valuesOf(kind, id)).toEqual({ cool_dude: 'true' });
      expect((await c.put(`${base(id)}/Social%20Media.xml?super_tag[cool_dude]=maybe`)).statusCode).toBe(422);
      expect(await valuesOf(kind, id)).toEqual({ cool_dude: 'true' });
    });

    it('clears a field given an empty value', async () => {
      const id = await createRecord(kind);
      await c.put(`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=soon%20gone&super_tag[sales_cluster]=Ruby`);
      for (const [url, body] of [
        [`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=`, undefined],
        [`${base(id)}/Social%20Media.xml`, '<super_tag><sales_cluster></sales_cluster></super_tag>'],
      ] as const) {
        expect((await c.put(url, body)).statusCode).toBe(200);
      }
      expect(await valuesOf(kind, id)).toEqual({});
      const doc = await c.get(`${base(id)}/Social%20Media.xml`);
      expect(doc.body).not.toContain('twitter_username');
      expect(doc.body).not.toContain('sales_cluster');
      // Still applied, with an empty <fields> in the record.
      expect((await c.get(`/service/${kind}/${id}.xml`)).body).toContain('<fields></fields>');
    });

    it('clears a field given nil="true", but ignores a nested structure in place of a value', async () => {
      const id = await createRecord(kind);
      await c.put(`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=kept&super_tag[cool_since]=2010-01-01`);
      const res = await c.put(
        `${base(id)}/Social%20Media.xml`,
        '<super_tag><twitter_username><echoed>1</echoed></twitter_username><cool_since nil="true"></cool_since></super_tag>',
      );
      expect(res.statusCode).toBe(200);
      expect(await valuesOf(kind, id)).toEqual({ twitter_username: 'kept' });
    });

    it('keeps values per record', async () => {
      const one = await createRecord(kind, 'One');
      const two = await createRecord(kind, 'Two');
      await c.put(`${base(one)}/Social%20Media.xml?super_tag[twitter_username]=one`);
      await c.put(`${base(two)}/Social%20Media.xml?super_tag[twitter_username]=two`);
      expect(await valuesOf(kind, one)).toEqual({ twitter_username: 'one' });
      expect(await valuesOf(kind, two)).toEqual({ twitter_username: 'two' });
    });

    it('answers 404 for an unknown record or an unknown SuperTag, and writes nothing', async () => {
      const other = kind === 'people' ? await createCompany(c, 'Wrong Kind') : await createPerson(c, 'Wrong', 'Kind');
      for (const id of ['999999', 'abc', String(other)]) {
        const res = await c.put(`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=x`);
        expect(res.statusCode, id).toBe(404);
        expect(xml(res).errors.error[0]).toMatch(/not found/);
      }
      expect((await c.get(`/service/tags.xml?contact_id=${other}`)).body).not.toContain('Social Media');
      const id = await createRecord(kind);
      for (const name of ['Nope', 'plain']) {
        expect((await c.put(`${base(id)}/${name}.xml?super_tag[twitter_username]=x`)).statusCode, name).toBe(404);
      }
      expect(items(await c.get(`/service/tags.xml?contact_id=${id}`), 'tags')).toEqual([]);
    });
  });

  describe('GET /service/%s/:id/super_tags', () => {
    let id: number;
    let socialId: string;
    let workId: string;
    beforeAll(async () => {
      id = await createRecord(kind, 'Lister');
      await c.put(`/service/${kind}/${id}/add_tag.xml?tag=plain`);
      await c.put(`${base(id)}/Work%20Schedule.xml?super_tag[monday]=9-5%20PST&super_tag[tuesday]=8-4`);
      await c.put(`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=lister&super_tag[cool_since]=Sep%2008,%201982`);
      const tags = items(await c.get('/service/tags.xml'), 'tags');
      socialId = tags.find((t) => t.name === 'Social Media').id['#text'];
      workId = tags.find((t) => t.name === 'Work Schedule').id['#text'];
    });

    it('lists the applied SuperTags with their values, in tag order, without plain tags', async () => {
      const res = await c.get(`${base(id)}.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(
        `${DECL}<super_tags type="array">\n` +
          `  <super_tag>\n    <id type="integer">${socialId}</id>\n    <name>Social Media</name>\n` +
          '    <twitter_username>lister</twitter_username>\n    <cool_since>Sep 08, 1982</cool_since>\n  </super_tag>\n' +
          `  <super_tag>\n    <id type="integer">${workId}</id>\n    <name>Work Schedule</name>\n` +
          '    <monday>9-5 PST</monday>\n    <tuesday>8-4</tuesday>\n  </super_tag>\n' +
          '</super_tags>\n',
      );
    });

    it('filters by ?name=, spelled any way, and ignores ?limit', async () => {
      for (const name of ['Work%20Schedule', 'work_schedule', 'WORK+SCHEDULE']) {
        expect(items(await c.get(`${base(id)}.xml?name=${name}&limit=1`), 'super_tags').map((s) => s.name)).toEqual(['Work Schedule']);
      }
      expect(items(await c.get(`${base(id)}.xml?limit=1`), 'super_tags')).toHaveLength(2);
      const none = await c.get(`${base(id)}.xml?name=Nope`);
      expect(none.statusCode).toBe(200);
      expect(none.body).toBe(`${DECL}<super_tags type="array"></super_tags>\n`);
    });

    it('answers an empty array for a record without SuperTags, and 404 for an unknown record', async () => {
      const bare = await createRecord(kind, 'Bare');
      expect((await c.get(`${base(bare)}.xml`)).body).toBe(`${DECL}<super_tags type="array"></super_tags>\n`);
      expect((await c.get(`${base(999999)}.xml`)).statusCode).toBe(404);
    });

    it('shows one applied SuperTag by name, and 404 when it is not applied or unknown', async () => {
      const res = await c.get(`${base(id)}/work_schedule.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(
        `${DECL}<super_tag>\n  <id type="integer">${workId}</id>\n  <name>Work Schedule</name>\n  <monday>9-5 PST</monday>\n  <tuesday>8-4</tuesday>\n</super_tag>\n`,
      );
      const bare = await createRecord(kind, 'NotApplied');
      for (const url of [`${base(bare)}/Work%20Schedule.xml`, `${base(id)}/Nope.xml`, `${base(id)}/plain.xml`, `${base(999999)}/Work%20Schedule.xml`]) {
        const miss = await c.get(url);
        expect(miss.statusCode, url).toBe(404);
        expect(xml(miss).errors.error[0]).toMatch(/not found/);
      }
    });
  });

  describe('DELETE /service/%s/:id/super_tags/:name', () => {
    it('removes the SuperTag and its values, answering exactly 200 with an empty body', async () => {
      const id = await createRecord(kind, 'Remover');
      await c.put(`/service/${kind}/${id}/add_tag.xml?tag=plain`);
      await c.put(`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=bye`);
      await c.put(`${base(id)}/Work%20Schedule.xml?super_tag[monday]=stays`);
      const res = await c.del(`${base(id)}/social_media.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
      expect((await c.get(`${base(id)}/Social%20Media.xml`)).statusCode).toBe(404);
      expect(items(await c.get(`/service/tags.xml?contact_id=${id}`), 'tags').map((t) => t.name).sort()).toEqual(['Work Schedule', 'plain']);
      expect(await valuesOf(kind, id, 'Work%20Schedule')).toEqual({ monday: 'stays' });
      // Re-applying starts from no values.
      await c.put(`${base(id)}/Social%20Media.xml`);
      expect(await valuesOf(kind, id)).toEqual({});
    });

    it('is a no-op 200 when the SuperTag is not applied (as remove_tag), 404 for an unknown record or SuperTag', async () => {
      const id = await createRecord(kind, 'NoOp');
      expect((await c.del(`${base(id)}/Social%20Media.xml`)).statusCode).toBe(200);
      expect((await c.del(`${base(999999)}/Social%20Media.xml`)).statusCode).toBe(404);
      expect((await c.del(`${base(id)}/Nope.xml`)).statusCode).toBe(404);
    });
  });

  describe('legacy GET /service/super_tags.xml?contact_id= (gem 1.0.2)', () => {
    it('lists the applied SuperTags of the contact, filtered by name', async () => {
      const id = await createRecord(kind, 'Legacy');
      await c.put(`${base(id)}/Social%20Media.xml?super_tag[twitter_username]=legacy`);
      await c.put(`${base(id)}/Work%20Schedule.xml`);
      const all = items(await c.get(`/service/super_tags.xml?contact_id=${id}`), 'super_tags');
      expect(all.map((s) => s.name)).toEqual(['Social Media', 'Work Schedule']);
      const one = items(await c.get(`/service/super_tags.xml?contact_id=${id}&name=social_media`), 'super_tags');
      expect(one).toHaveLength(1);
      expect(one[0].twitter_username).toBe('legacy');
      expect(one[0].id['@type']).toBe('integer');
    });
  });
});

describe('legacy GET /service/super_tags.xml?contact_id= errors', () => {
  it('answers 404 for an unknown contact', async () => {
    expect((await c.get('/service/super_tags.xml?contact_id=999999&name=Social%20Media')).statusCode).toBe(404);
  });
});

describe('SuperTags across accounts', () => {
  it('keeps definitions and values to their account', async () => {
    const other = await ctx.services.accounts.createAccount('supother', { email: 'o@example.com', name: 'Other' });
    const o = new Client(ctx.app, other.token);
    expect((await o.get('/service/super_tags.xml')).body).toBe(`${DECL}<super_tags type="array"></super_tags>\n`);
    expect((await o.get('/service/super_tags/Social%20Media.xml')).statusCode).toBe(404);
    const mine = await createPerson(c, 'Not', 'Theirs');
    expect((await o.put(`/service/people/${mine}/super_tags/Social%20Media.xml?super_tag[twitter_username]=x`)).statusCode).toBe(404);
    expect((await o.get(`/service/super_tags.xml?contact_id=${mine}`)).statusCode).toBe(404);
  });
});
