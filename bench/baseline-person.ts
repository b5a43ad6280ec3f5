// `<person>` for the baseline, identical to people.presenter.ts + contact-parts.presenter.ts as
// Classicbook writes them (test/fixtures/person.xml). Rows arrive as raw arrays, the parts of a
// batch sorted by record id, so a page is written by walking the part lists with cursors: no
// per-person maps, arrays or queries.
import { esc, offsetTime, rubyTime, txt } from './baseline-xml.js';

/** id, first_name, last_name, small_image, large_image, title, company name, company_id, notes, created_at, updated_at */
export type PersonRow = [number, string | null, string | null, string | null, string | null, string | null, string | null, number | null, string | null, string, string];
/** record_id, tag id, name, is_super */
export type TagRow = [number, number, string, number];
/** record_id, tag id, field_key, value — sorted by record, tag, field position */
export type ValueRow = [number, number, string, string];
/** record_id, id, label, is_primary, email, website, phone, cell, fax, street_1, street_2, city, state, postal_code, country */
export type LocationRow = [number, number, string, number, ...(string | null)[]];
/** record_id, id, comment, user name, created_at */
export type CommentRow = [number, number, string, string, string];

/** The parts of a batch of people, each list sorted by record id; `at` fields are cursors. */
export class Parts {
  tagAt = 0;
  valueAt = 0;
  locationAt = 0;
  commentAt = 0;
  constructor(
    readonly tags: TagRow[],
    readonly values: ValueRow[],
    readonly locations: LocationRow[],
    readonly comments: CommentRow[],
  ) {}
}

export const NO_PARTS = (): Parts => new Parts([], [], [], []);

const LOCATION_FIELDS = ['email', 'website', 'phone', 'cell', 'fax', 'street_1', 'street_2', 'city', 'state', 'postal_code', 'country'];

/** Every constant piece of a person document at one depth, each closing the element before it. */
class Fragments {
  readonly open: string;
  readonly fields: string[];
  readonly tagsEmpty: string;
  readonly tagsOpen: string;
  readonly tagsClose: string;
  readonly tagOpen: string;
  readonly tagName: string;
  readonly tagSuper: string;
  readonly tagPlain: string;
  readonly fieldsEmpty: string;
  readonly fieldsOpen: string;
  readonly fieldIndent: string;
  readonly fieldsClose: string;
  readonly tagClose: string;
  readonly locationsEmpty: string;
  readonly locationsOpen: string;
  readonly locationsClose: string;
  readonly location: string[];
  readonly commentsEmpty: string;
  readonly commentsOpen: string;
  readonly commentsClose: string;
  readonly comment: string[];
  readonly tail: string[];

  constructor(i: string) {
    const i1 = `${i}  `;
    const i2 = `${i1}  `;
    const i3 = `${i2}  `;
    const i4 = `${i3}  `;
    this.open = `${i}<person>\n${i1}<id type="integer">`;
    // closes id, …, opens the next: first_name, last_name, small_image, large_image, title, company, company_id
    this.fields = [
      `</id>\n${i1}<first_name>`,
      `</first_name>\n${i1}<last_name>`,
      `</last_name>\n${i1}<small_image>`,
      `</small_image>\n${i1}<large_image>`,
      `</large_image>\n${i1}<title>`,
      `</title>\n${i1}<company>`,
      `</company>\n${i1}<company_id type="integer">`,
      `</company_id>\n`,
    ];
    this.tagsEmpty = `${i1}<tags type="array"></tags>\n`;
    this.tagsOpen = `${i1}<tags type="array">\n`;
    this.tagsClose = `${i1}</tags>\n`;
    this.tagOpen = `${i2}<tag>\n${i3}<id type="integer">`;
    this.tagName = `</id>\n${i3}<name>`;
    this.tagSuper = `</name>\n${i3}<supertag type="boolean">true</supertag>\n`;
    this.tagPlain = `</name>\n${i3}<supertag type="boolean">false</supertag>\n`;
    this.fieldsEmpty = `${i3}<fields></fields>\n`;
    this.fieldsOpen = `${i3}<fields>\n`;
    this.fieldIndent = i4;
    this.fieldsClose = `${i3}</fields>\n`;
    this.tagClose = `${i2}</tag>\n`;
    this.locationsEmpty = `${i1}<locations type="array"></locations>\n`;
    this.locationsOpen = `${i1}<locations type="array">\n`;
    this.locationsClose = `${i1}</locations>\n`;
    this.location = [
      `${i2}<location>\n${i3}<id type="integer">`,
      `</id>\n${i3}<label>`,
      `</label>\n${i3}<primary type="boolean">`,
      `</primary>\n${i3}<email>`,
      ...LOCATION_FIELDS.slice(1).map((f, n) => `</${LOCATION_FIELDS[n]}>\n${i3}<${f}>`),
      `</country>\n${i2}</location>\n`,
    ];
    this.commentsEmpty = `${i1}<mega_comments type="array"></mega_comments>\n`;
    this.commentsOpen = `${i1}<mega_comments type="array">\n`;
    this.commentsClose = `${i1}</mega_comments>\n`;
    this.comment = [
      `${i2}<mega_comment>\n${i3}<id type="integer">`,
      `</id>\n${i3}<comment>`,
      `</comment>\n${i3}<user>`,
      `</user>\n${i3}<created_at type="datetime">`,
      `</created_at>\n${i3}<record_id type="integer">`,
      `</record_id>\n${i2}</mega_comment>\n`,
    ];
    this.tail = [`${i1}<notes>`, `</notes>\n${i1}<created_at>`, `</created_at>\n${i1}<updated_at>`, `</updated_at>\n${i}</person>\n`];
  }
}

const DOCUMENT = new Fragments('');
const IN_COLLECTION = new Fragments('  ');

function tagsXml(f: Fragments, id: number, p: Parts): string {
  const tags = p.tags;
  if (p.tagAt >= tags.length || tags[p.tagAt]![0] !== id) return f.tagsEmpty;
  let out = f.tagsOpen;
  for (; p.tagAt < tags.length && tags[p.tagAt]![0] === id; p.tagAt++) {
    const [, tagId, name, isSuper] = tags[p.tagAt]!;
    out += f.tagOpen + tagId + f.tagName + esc(name);
    if (isSuper !== 1) {
      out += f.tagPlain + f.tagClose;
      continue;
    }
    out += f.tagSuper;
    const values = p.values;
    // values of earlier records or tags (a value whose tagging is gone) are skipped
    while (p.valueAt < values.length && (values[p.valueAt]![0] < id || (values[p.valueAt]![0] === id && values[p.valueAt]![1] < tagId))) p.valueAt++;
    let fields = '';
    for (; p.valueAt < values.length && values[p.valueAt]![0] === id && values[p.valueAt]![1] === tagId; p.valueAt++) {
      const [, , key, value] = values[p.valueAt]!;
      if (value !== '') fields += `${f.fieldIndent}<${key}>${esc(value)}</${key}>\n`;
    }
    out += (fields === '' ? f.fieldsEmpty : f.fieldsOpen + fields + f.fieldsClose) + f.tagClose;
  }
  return out + f.tagsClose;
}

function locationsXml(f: Fragments, id: number, p: Parts): string {
  const rows = p.locations;
  if (p.locationAt >= rows.length || rows[p.locationAt]![0] !== id) return f.locationsEmpty;
  const frag = f.location;
  let out = f.locationsOpen;
  for (; p.locationAt < rows.length && rows[p.locationAt]![0] === id; p.locationAt++) {
    const l = rows[p.locationAt]!;
    out += frag[0]! + l[1] + frag[1] + esc(l[2]) + frag[2] + (l[3] === 1 ? 'true' : 'false');
    for (let k = 4; k < 15; k++) out += frag[k - 1]! + txt(l[k] as string | null);
    out += frag[14];
  }
  return out + f.locationsClose;
}

function commentsXml(f: Fragments, id: number, p: Parts): string {
  const rows = p.comments;
  if (p.commentAt >= rows.length || rows[p.commentAt]![0] !== id) return f.commentsEmpty;
  const frag = f.comment;
  let out = f.commentsOpen;
  for (; p.commentAt < rows.length && rows[p.commentAt]![0] === id; p.commentAt++) {
    const [recordId, commentId, comment, user, createdAt] = rows[p.commentAt]!;
    out += frag[0]! + commentId + frag[1] + esc(comment) + frag[2] + esc(user) + frag[3] + offsetTime(createdAt) + frag[4] + recordId + frag[5];
  }
  return out + f.commentsClose;
}

/** One person; `inCollection` indents it one level for `<people type="array">`. */
export function personXml(r: PersonRow, p: Parts, inCollection: boolean): string {
  const f = inCollection ? IN_COLLECTION : DOCUMENT;
  const id = r[0];
  const x = f.fields;
  return (
    f.open + id + x[0] + txt(r[1]) + x[1] + txt(r[2]) + x[2] + txt(r[3]) + x[3] + txt(r[4]) + x[4] + txt(r[5]) + x[5] + txt(r[6]) +
    x[6] + (r[7] === null ? '' : r[7]) + x[7] +
    tagsXml(f, id, p) + locationsXml(f, id, p) + commentsXml(f, id, p) +
    f.tail[0] + txt(r[8]) + f.tail[1] + rubyTime(r[9]) + f.tail[2] + rubyTime(r[10]) + f.tail[3]
  );
}
