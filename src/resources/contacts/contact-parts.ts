// What people and companies embed (spec §2, §3): tags, locations and comments, loaded for a
// whole batch of records at once so that lists and exports make a fixed number of queries.
// One record (a GET, a create or update answer, a search that finds one) reads all three in a
// single statement: per statement, not per row, is what a single record costs (issue 6).
import { sql } from 'kysely';
import type { Db } from '../../storage/db.js';
import { prepared } from '../../storage/prepared.js';
import { loadComments, type CommentView } from '../comments/comments.repository.js';
import { loadLocations } from '../locations/locations.repository.js';
import type { LocationView } from '../locations/locations.presenter.js';
import { addTagViews, loadTags, type TagView } from '../tags/tags.repository.js';

export interface ContactParts {
  tags: TagView[];
  locations: LocationView[];
  comments: CommentView[];
}

export type PartsOf = (id: number) => ContactParts;

export async function loadContactParts(db: Db, accountId: number, ids: number[]): Promise<PartsOf> {
  if (ids.length === 0) return () => ({ tags: [], locations: [], comments: [] });
  if (ids.length === 1) {
    const parts = await partsOfOne(db, accountId, ids[0] as number);
    return () => parts;
  }
  const [tags, locations, comments] = [
    await loadTags(db, accountId, ids),
    await loadLocations(db, accountId, ids),
    await loadComments(db, accountId, ids),
  ];
  return (id) => ({ tags: tags.get(id) ?? [], locations: locations.get(id) ?? [], comments: comments.get(id) ?? [] });
}

// One row shape for the three kinds: k = 1 tag, 2 location, 3 comment; `flag` is is_super or
// is_primary; the text columns hold each kind's fields in order (tag: name; location: the
// LOCATION_TEXT columns; comment: text, author's name, created_at), the rest null.
const TEXT = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k2', 'l'] as const;
const LOCATION_TEXT = ['label', 'email', 'website', 'phone', 'cell', 'fax', 'street_1', 'street_2', 'city', 'state', 'postal_code', 'country'] as const;
const text = (column: string) => sql<string | null>`${sql.ref(column)}`;
/** The text columns from the n-th on, as nulls. */
const nullsFrom = (n: number) => TEXT.slice(n).map((c) => sql<string | null>`cast(null as text)`.as(c as string));

const partRows = prepared((db: Db, accountId: number, recordId: number) =>
  db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select([
      sql<number>`1`.as('k'),
      'tags.id as id',
      'tags.is_super as flag',
      text('tags.name').as('a'),
      ...nullsFrom(1),
    ])
    .where('taggings.account_id', '=', accountId)
    .where('taggings.record_id', '=', recordId)
    .unionAll(
      db
        .selectFrom('locations')
        .select([
          sql<number>`2`.as('k'),
          'id',
          'is_primary as flag',
          ...LOCATION_TEXT.map((c, i) => text(c).as(TEXT[i] as string)),
        ])
        .where('account_id', '=', accountId)
        .where('record_id', '=', recordId),
    )
    .unionAll(
      db
        .selectFrom('comments')
        .innerJoin('users', 'users.id', 'comments.user_id')
        .select([
          sql<number>`3`.as('k'),
          'comments.id as id',
          sql<number>`0`.as('flag'),
          text('comments.comment').as('a'),
          text('users.name').as('b'),
          text('comments.created_at').as('c'),
          ...nullsFrom(3),
        ])
        .where('comments.account_id', '=', accountId)
        .where('comments.record_id', '=', recordId),
    )
    .orderBy('k')
    .orderBy('id'),
);

type PartRow = { k: number; id: number; flag: number } & Record<(typeof TEXT)[number], string | null>;

async function partsOfOne(db: Db, accountId: number, recordId: number): Promise<ContactParts> {
  const rows = (await partRows(db, accountId, recordId)) as unknown as PartRow[];
  const parts: ContactParts = { tags: [], locations: [], comments: [] };
  const taggings = [];
  for (const r of rows) {
    if (r.k === 1) taggings.push({ recordId, id: r.id, name: r.a as string, isSuper: r.flag });
    else if (r.k === 2) {
      parts.locations.push({
        id: r.id, record_id: recordId, label: r.a as string, is_primary: r.flag, email: r.b, website: r.c, phone: r.d, cell: r.e, fax: r.f,
        street_1: r.g, street_2: r.h, city: r.i, state: r.j, postal_code: r.k2, country: r.l,
      });
    } else parts.comments.push({ id: r.id, recordId, comment: r.a as string, userName: r.b as string, createdAt: r.c as string });
  }
  const tags = new Map<number, TagView[]>();
  await addTagViews(db, accountId, [recordId], taggings, tags);
  parts.tags = tags.get(recordId) ?? [];
  return parts;
}
