// The pure codec (src/codec): date formats (spec §1.4, §1.7), form/query decoding and XML
// request bodies (§1.4), and the XML/JSON writers (§1.5, decisions.md Formats).
import { describe, expect, it } from 'vitest';
import { formatOffsetTime, formatRubyTime, parseDateInput } from '../src/codec/dates.js';
import { toJsonDocument } from '../src/codec/json-writer.js';
import { arr, bool, datetime, el, int, list, str, type XNode } from '../src/codec/node.js';
import { fromJson, mergeParams, parseFormEncoded } from '../src/codec/params.js';
import { parseXmlBody, xmlDepth } from '../src/codec/xml-reader.js';
import { escapeXml, toXmlDocument, toXmlFragment, xmlCollectionEnvelope } from '../src/codec/xml-writer.js';
import { BadRequestError } from '../src/errors.js';

describe('formatRubyTime (spec §1.7)', () => {
  it('writes Ruby Time#to_s in UTC exactly as ddd MMM dd HH:mm:ss UTC yyyy', () => {
    expect(formatRubyTime('2010-09-02T14:34:34.000Z')).toBe('Thu Sep 02 14:34:34 UTC 2010');
    expect(formatRubyTime('2010-07-01T13:37:38.999Z')).toBe('Thu Jul 01 13:37:38 UTC 2010');
    expect(formatRubyTime('2010-02-05T03:04:05Z')).toBe('Fri Feb 05 03:04:05 UTC 2010');
    expect(formatRubyTime('2024-12-31T23:59:59Z')).toBe('Tue Dec 31 23:59:59 UTC 2024');
  });

  it('converts an offset instant to UTC', () => {
    expect(formatRubyTime('2010-09-02T23:30:00-04:00')).toBe('Fri Sep 03 03:30:00 UTC 2010');
  });

  it('pads the year to four digits (.NET parses yyyy exactly)', () => {
    expect(formatRubyTime('0001-01-01T00:00:00.000Z')).toBe('Mon Jan 01 00:00:00 UTC 0001');
  });
});

describe('formatOffsetTime (spec §1.7)', () => {
  it('writes yyyy-MM-dd HH:mm:ss +0000', () => {
    expect(formatOffsetTime('2010-09-03T16:00:00.000Z')).toBe('2010-09-03 16:00:00 +0000');
    expect(formatOffsetTime('2010-10-10T19:06:27Z')).toBe('2010-10-10 19:06:27 +0000');
    expect(formatOffsetTime('2010-01-02T03:04:05+01:00')).toBe('2010-01-02 02:04:05 +0000');
  });
});

describe('parseDateInput (spec §1.4)', () => {
  it('reads every form seen in clients', () => {
    const cases: [string, string][] = [
      ['Jul 01 13:37:38 UTC 2010', '2010-07-01T13:37:38.000Z'], // .NET, no weekday
      ['Thu Sep 02 14:34:34 UTC 2010', '2010-09-02T14:34:34.000Z'], // Ruby Time#to_s
      ['2010-09-03 12:00:00 -0400', '2010-09-03T16:00:00.000Z'],
      ['2010-09-03 12:00:00 +0530', '2010-09-03T06:30:00.000Z'],
      ['2010-07-28', '2010-07-28T00:00:00.000Z'],
      ['2010-09-03T12:00:00Z', '2010-09-03T12:00:00.000Z'],
      ['2010-09-03T12:00:00.123Z', '2010-09-03T12:00:00.000Z'],
      ['2010-09-03T12:00:00+02:00', '2010-09-03T10:00:00.000Z'],
      ['2010-09-03T12:00:00-05:30', '2010-09-03T17:30:00.000Z'],
      ['2010-09-03T12:00', '2010-09-03T12:00:00.000Z'],
      ['Sep 02 14:34:34 GMT 2010', '2010-09-02T14:34:34.000Z'],
      ['Thu Sep 02 10:34:34 -0400 2010', '2010-09-02T14:34:34.000Z'],
      ['  jul 1 13:37:38 UTC 2010  ', '2010-07-01T13:37:38.000Z'],
      ['2012-02-29', '2012-02-29T00:00:00.000Z'],
      ['Jan 01 00:00:00 UTC 0001', '0001-01-01T00:00:00.000Z'], // .NET DateTime.MinValue, not 1901
      ['0099-12-31', '0099-12-31T00:00:00.000Z'],
    ];
    for (const [input, iso] of cases) expect(parseDateInput(input), input).toBe(iso);
  });

  it('reads back what the server writes', () => {
    const iso = '2010-09-02T14:34:34.000Z';
    expect(parseDateInput(formatRubyTime(iso))).toBe(iso);
    expect(parseDateInput(formatOffsetTime(iso))).toBe(iso);
  });

  it('refuses garbage and impossible dates', () => {
    const bad = [
      '', '   ', 'yesterday', 'now', '1283438074', '2010-9-3', '10-09-03', '2010/09/03',
      '2010-02-31', 'Feb 31 10:00:00 UTC 2010', 'Thu Feb 31 10:00:00 UTC 2010', '2011-02-29', '2010-04-31',
      '2010-13-01', '2010-00-10', '2010-09-00', '2010-09-03 24:00:00', '2010-09-03 12:60:00', '2010-09-03 12:00:61',
      'Foo 01 13:37:38 UTC 2010', 'Jul 01 13:37:38 PST 2010', 'Jul 01 13:37 UTC 2010',
      '2010-09-03 12:00:00 +9999', '2010-09-03 12:00:00 +0075', '2010-09-03 12:00:00 -0400 extra',
      '2010-09-03T12:00:00ZZ', '<script>', '2010-07-28\n2010-07-29',
    ];
    for (const input of bad) expect(parseDateInput(input), JSON.stringify(input)).toBeNull();
  });
});

describe('parseFormEncoded (spec §1.4 forms 4 and 5)', () => {
  it('nests bracket keys and underscores dashed names', () => {
    expect(parseFormEncoded('person[first_name]=Ann&person[last-name]=Lee&tag=x')).toEqual({
      person: { first_name: 'Ann', last_name: 'Lee' },
      tag: 'x',
    });
    expect(parseFormEncoded('a[b][c]=d&a[b][e]=f&a[g]=h')).toEqual({ a: { b: { c: 'd', e: 'f' }, g: 'h' } });
    expect(parseFormEncoded('super_tag[work schedule]=9-5')).toEqual({ super_tag: { 'work schedule': '9-5' } });
  });

  it('collects tags[] and repeated keys into arrays', () => {
    expect(parseFormEncoded('tags[]=a&tags[]=b&tags[]=c')).toEqual({ tags: ['a', 'b', 'c'] });
    expect(parseFormEncoded('tags[]=only')).toEqual({ tags: ['only'] });
    expect(parseFormEncoded('tag=a&tag=b')).toEqual({ tag: ['a', 'b'] });
    expect(parseFormEncoded('location[tags][]=x&location[tags][]=y')).toEqual({ location: { tags: ['x', 'y'] } });
  });

  it('decodes + as space and percent-escapes, in keys and values, and trims values', () => {
    expect(parseFormEncoded('name=Ann+Lee&q=50%25+off&plus=%2B1&e=Caf%C3%A9&sp=%20%20padded%20')).toEqual({
      name: 'Ann Lee',
      q: '50% off',
      plus: '+1',
      e: 'Café',
      sp: 'padded',
    });
    expect(parseFormEncoded('person%5Bfirst_name%5D=Ann')).toEqual({ person: { first_name: 'Ann' } });
    expect(parseFormEncoded('tags%5B%5D=a&tags%5B%5D=b')).toEqual({ tags: ['a', 'b'] });
  });

  it('tolerates empty pairs, keys without values and empty keys', () => {
    expect(parseFormEncoded('')).toEqual({});
    expect(parseFormEncoded('&&a=1&&flag&=orphan&b=')).toEqual({ a: '1', flag: '', b: '' });
    expect(parseFormEncoded('a=x=y')).toEqual({ a: 'x=y' });
  });

  it('ignores __proto__, constructor and prototype and never pollutes Object.prototype', () => {
    const parsed = parseFormEncoded('__proto__[polluted]=yes&constructor[prototype][polluted]=yes&person[__proto__][admin]=1&a=1&__proto__=x');
    expect(parsed).toEqual({ a: '1', person: {} });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('treats names of Object.prototype members as plain keys', () => {
    expect(parseFormEncoded('toString=x&valueOf[]=1&hasOwnProperty[a]=b')).toEqual({
      toString: 'x',
      valueOf: ['1'],
      hasOwnProperty: { a: 'b' },
    });
  });

  it('throws BadRequestError for malformed percent-encoding', () => {
    for (const text of ['a=%', 'a=%ZZ', 'a=%E0%A4%A', 'a=%E9', '%ZZ=1', 'person[first_name]=%C3%28']) {
      expect(() => parseFormEncoded(text), text).toThrow(BadRequestError);
    }
  });

  it('throws BadRequestError for keys nested deeper than 32 levels', () => {
    expect(parseFormEncoded(`a${'[b]'.repeat(31)}=v`)).toBeTruthy();
    expect(() => parseFormEncoded(`a${'[b]'.repeat(32)}=v`)).toThrow(BadRequestError);
  });
});

describe('fromJson and mergeParams', () => {
  it('normalises JSON: dashed keys, scalars as trimmed strings, null kept, __proto__ dropped', () => {
    const value = JSON.parse('{"person":{"first-name":" Ann ","id":5,"flag":true,"notes":null,"tags":["a",1],"__proto__":{"x":1}}}');
    expect(fromJson(value)).toEqual({ person: { first_name: 'Ann', id: '5', flag: 'true', notes: null, tags: ['a', '1'] } });
  });

  it('refuses JSON nested deeper than 32 levels', () => {
    let deep: unknown = 'v';
    for (let i = 0; i < 32; i++) deep = [deep];
    expect(() => fromJson(deep)).not.toThrow();
    expect(() => fromJson([deep])).toThrow(BadRequestError);
  });

  it('lets body values win and fills keys absent from the body from the query (§1.4.6)', () => {
    const query = { person: { title: 'Q', notes: 'QN' }, location: { label: 'work' }, tag: 'q' };
    const body = { person: { title: 'B' }, tag: 'b' };
    expect(mergeParams(query, body)).toEqual({ person: { title: 'B', notes: 'QN' }, location: { label: 'work' }, tag: 'b' });
  });
});

describe('parseXmlBody (spec §1.4)', () => {
  it('underscores dashed element names, the root included', () => {
    expect(parseXmlBody('<person><first-name>Ann</first-name><last_name>Lee</last_name></person>')).toEqual({
      person: { first_name: 'Ann', last_name: 'Lee' },
    });
    expect(parseXmlBody('<super-tag><work-hours>9-5</work-hours></super-tag>')).toEqual({ super_tag: { work_hours: '9-5' } });
  });

  it('reads type="array" as an array, also when empty or with one item', () => {
    expect(parseXmlBody('<tags type="array"><tag>a</tag><tag>b</tag></tags>')).toEqual({ tags: ['a', 'b'] });
    expect(parseXmlBody('<tags type="array"><tag>a</tag></tags>')).toEqual({ tags: ['a'] });
    expect(parseXmlBody('<person><tags type="array"></tags><locations type="array"/></person>')).toEqual({ person: { tags: [], locations: [] } });
    expect(parseXmlBody('<tags type="array"><tag><id type="integer">1</id><name>x</name></tag></tags>')).toEqual({ tags: [{ id: '1', name: 'x' }] });
  });

  it('reads a run of repeated children as an array, and a single child as an object', () => {
    expect(parseXmlBody('<tags><tag>a</tag><tag>b</tag></tags>')).toEqual({ tags: ['a', 'b'] });
    expect(parseXmlBody('<tags><tag>a</tag></tags>')).toEqual({ tags: { tag: 'a' } });
    expect(parseXmlBody('<person><email>a</email><name>n</name><email>b</email></person>')).toEqual({ person: { email: ['a', 'b'], name: 'n' } });
  });

  it('reads nil="true" as null and keeps typed values as text', () => {
    expect(
      parseXmlBody('<person><notes nil="true"/><title nil="true">ignored</title><company-id type="integer" nil="true"></company-id><id type="integer">7</id><flag type="boolean">True</flag><empty></empty></person>'),
    ).toEqual({ person: { notes: null, title: null, company_id: null, id: '7', flag: 'True', empty: '' } });
  });

  it('decodes the predefined entities and character references once', () => {
    expect(parseXmlBody('<a>&amp; &lt; &gt; &quot; &apos;</a>')).toEqual({ a: `& < > " '` });
    expect(parseXmlBody('<a>Ren&#233; &#xE9;&#x1F600; &#65;</a>')).toEqual({ a: 'René é😀 A' });
    expect(parseXmlBody('<a>&amp;#65; &amp;amp;</a>')).toEqual({ a: '&#65; &amp;' });
    expect(parseXmlBody('<a>x&#0;&#1;&#xD800;&#x110000;y</a>')).toEqual({ a: 'xy' });
    expect(parseXmlBody('<a>&nbsp;</a>')).toEqual({ a: '&nbsp;' });
    expect(parseXmlBody('<a b="&lt;&#233;&amp;"/>')).toEqual({ a: '' });
  });

  it('reads CDATA sections as text', () => {
    expect(parseXmlBody('<person><notes><![CDATA[<b>bold</b> & &amp; more]]></notes></person>')).toEqual({
      person: { notes: '<b>bold</b> & &amp; more' },
    });
  });

  it('trims whitespace, skips the declaration and a byte-order mark, needs no whitespace between elements', () => {
    expect(parseXmlBody('\uFEFF<?xml version="1.0" encoding="utf-8"?><person><first_name>A</first_name><last_name>B</last_name></person>')).toEqual({
      person: { first_name: 'A', last_name: 'B' },
    });
    expect(parseXmlBody('\n<tag>\n   awesome\n</tag>\n')).toEqual({ tag: 'awesome' });
    expect(parseXmlBody('<!-- a comment --><person><!-- inside --><title> T </title></person>')).toEqual({ person: { title: 'T' } });
    expect(parseXmlBody('<person><title>T</title></person>\n<!-- after -->\n')).toEqual({ person: { title: 'T' } });
    expect(parseXmlBody('<person/><!-- after -->')).toEqual({ person: '' });
    expect(parseXmlBody('')).toEqual({});
    expect(parseXmlBody('  \n ')).toEqual({});
  });

  it('refuses DOCTYPE and ENTITY declarations', () => {
    const bodies = [
      '<!DOCTYPE person><person/>',
      '<?xml version="1.0"?><!doctype lolz [<!ENTITY lol "lol">]><lolz>&lol;</lolz>',
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      '<r><!ENTITY x "y"></r>',
    ];
    for (const body of bodies) expect(() => parseXmlBody(body), body).toThrow(/DOCTYPE or entity/);
  });

  it('accepts 32 levels of nesting and refuses 33', () => {
    const nest = (n: number) => '<a>'.repeat(n) + 'x' + '</a>'.repeat(n);
    expect(xmlDepth(nest(32))).toBe(32);
    expect(xmlDepth('<a><b/><c d="e"><f>x</f></c></a>')).toBe(3);
    expect(() => parseXmlBody(nest(32))).not.toThrow();
    expect(() => parseXmlBody(nest(33))).toThrow(BadRequestError);
    expect(() => parseXmlBody(nest(200000))).toThrow(BadRequestError);
    // Closing tags hidden in CDATA must not fool the count: the parser's own limit still holds.
    expect(() => parseXmlBody(`<r><![CDATA[${'</a>'.repeat(40)}]]>${nest(40)}</r>`)).toThrow(BadRequestError);
  });

  it('throws BadRequestError for malformed XML', () => {
    const bodies = [
      '<person><first_name>A</person>',
      '<person>',
      '<person>a & b</person>',
      '<person></persons>',
      'just text',
      '<person/>trailing',
      '<person/>x<!-- c -->',
      '<person/>x<!-- c --><?pi x?>',
      '<person/>-->',
      '<?xml version="1.0"?>',
      '<a x="1" x="2"/>',
      '<person><first_name>A</first_name></person><person><first_name>B</first_name></person>',
    ];
    for (const body of bodies) expect(() => parseXmlBody(body), body).toThrow(BadRequestError);
  });

  it('refuses element names that would reach Object.prototype', () => {
    expect(() => parseXmlBody('<person><__proto__><admin>1</admin></__proto__></person>')).toThrow(BadRequestError);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('XML writer (spec §1.5)', () => {
  it('escapes & < > and " and does not unescape existing entities', () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d &quot;e&quot; 'f'`);
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('drops characters XML 1.0 cannot carry and keeps tab, newline and carriage return', () => {
    expect(escapeXml('a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\ufffeh\uffffi')).toBe('abcdefghi');
    // CR as a reference: a literal one would be read back as LF (XML 1.0 §2.11).
    expect(escapeXml('t\tn\nr\r é 😀')).toBe('t\tn\nr&#13; é 😀');
  });

  it('writes types, attributes, empty pairs for nulls and empty lists, in order, indented', () => {
    const node = el('person', [
      int('id', 1),
      str('first_name', 'A & B <C>'),
      str('cell', null),
      bool('primary', true),
      int('company_id', null),
      datetime('created_at', '2010-10-10 15:06:27 -0400'),
      arr('tags', []),
      arr('locations', [el('location', [str('label', 'work')])]),
      list('attached', [int('attached_id', 2)]),
      { kind: 'scalar', name: 'field', value: 'Ruby "r"', attrs: { type: 'Multiple choice', name: 'A"B' } },
    ]);
    expect(toXmlDocument(node)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<person>\n' +
        '  <id type="integer">1</id>\n' +
        '  <first_name>A &amp; B &lt;C&gt;</first_name>\n' +
        '  <cell></cell>\n' +
        '  <primary type="boolean">true</primary>\n' +
        '  <company_id type="integer"></company_id>\n' +
        '  <created_at type="datetime">2010-10-10 15:06:27 -0400</created_at>\n' +
        '  <tags type="array"></tags>\n' +
        '  <locations type="array">\n' +
        '    <location>\n' +
        '      <label>work</label>\n' +
        '    </location>\n' +
        '  </locations>\n' +
        '  <attached>\n' +
        '    <attached_id type="integer">2</attached_id>\n' +
        '  </attached>\n' +
        '  <field type="Multiple choice" name="A&quot;B">Ruby &quot;r&quot;</field>\n' +
        '</person>\n',
    );
    expect(toXmlFragment(str('x', 'y'), 2)).toBe('    <x>y</x>\n');
  });

  it('writes collection envelopes with type="array", also when empty', () => {
    expect(xmlCollectionEnvelope('people')).toEqual({
      open: '<?xml version="1.0" encoding="UTF-8"?>\n<people type="array">\n',
      close: '</people>\n',
      empty: '<?xml version="1.0" encoding="UTF-8"?>\n<people type="array"></people>\n',
    });
  });
});

describe('JSON writer (decisions.md, Formats)', () => {
  it('writes integers as numbers, booleans as booleans, nulls as null and collections as arrays', () => {
    const node: XNode = el('person', [
      int('id', 12),
      str('first_name', 'Ann'),
      str('cell', null),
      int('company_id', null),
      bool('flagged', false),
      bool('primary', true),
      datetime('created_at', '2010-10-10 15:06:27 -0400'),
      arr('tags', [el('tag', [int('id', 1), str('name', 'x')]), el('tag', [int('id', 2), str('name', 'y')])]),
      arr('locations', []),
      list('attached', [int('attached_id', 3), int('attached_id', 4)]),
    ]);
    expect(JSON.parse(toJsonDocument(node))).toEqual({
      person: {
        id: 12,
        first_name: 'Ann',
        cell: null,
        company_id: null,
        flagged: false,
        primary: true,
        created_at: '2010-10-10 15:06:27 -0400',
        tags: [{ id: 1, name: 'x' }, { id: 2, name: 'y' }],
        locations: [],
        attached: [3, 4],
      },
    });
  });

  it('keeps numeric-looking text as text and writes extra attributes beside the value', () => {
    const node = el('thing', [str('postal_code', '02806'), { kind: 'scalar', name: 'field', value: 'Twitter', attrs: { type: 'Text' } }]);
    expect(JSON.parse(toJsonDocument(node))).toEqual({ thing: { postal_code: '02806', field: { type: 'Text', value: 'Twitter' } } });
  });

  it('writes repeated child names (a choice field\'s options) as an array, keeping every one', () => {
    const field = el('field', [str('option', ''), str('option', 'Ruby'), str('option', 'Python')], { type: 'Multiple choice', name: 'Sales Cluster' });
    expect(JSON.parse(toJsonDocument(el('fields', [field])))).toEqual({
      fields: { field: { type: 'Multiple choice', name: 'Sales Cluster', option: ['', 'Ruby', 'Python'] } },
    });
  });

  it('escapes text safely', () => {
    const out = toJsonDocument(str('notes', 'quote " backslash \\ newline \n </script>'));
    expect(JSON.parse(out)).toEqual({ notes: 'quote " backslash \\ newline \n </script>' });
  });
});
