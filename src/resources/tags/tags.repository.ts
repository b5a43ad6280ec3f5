// Tags and taggings. Tag names are unique per account, case-insensitively, enforced by the
// database (insert … on conflict do nothing, then read), never by read-then-write alone.
import { nowIso } from '../../codec/dates.js';
import { foldKey, type Db } from '../../storage/db.js';
import { idSet, prepared, selectRows } from '../../storage/prepared.js';
import type { TagRow } from '../../storage/schema.js';

export interface TagField {
  key: string;
  value: string;
}

export interface TagView {
  id: number;
  name: string;
  isSuper: boolean;
  /** SuperTag values on one record, in field order (empty for plain tags) */
  fields: TagField[];
}

export async function findTag(db: Db, accountId: number, name: string): Promise<TagRow | undefined> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', foldKey(name))
    .executeTakeFirst();
}

export async function findTagById(db: Db, accountId: number, id: number): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function findOrCreateTag(db: Db, accountId: number, name: string): Promise<TagRow> {
  await db
    .insertInto('tags')
    .values({ account_id: accountId, name: name.trim(), name_key: foldKey(name), is_super: 0, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['account_id', 'name_key']).doNothing())
    .execute();
  return (await findTag(db, accountId, name)) as TagRow;
}

export async function addTagging(db: Db, accountId: number, recordId: number, tagId: number): Promise<void> {
  await db
    .insertInto('taggings')
    .values({ account_id: accountId, record_id: recordId, tag_id: tagId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['record_id', 'tag_id']).doNothing())
    .execute();
}

export async function removeTagging(db: Db, accountId: number, recordId: number, tagId: number): Promise<void> {
  await db
    .deleteFrom('taggings')
    .where('account_id', '=', accountId)
    .where('record_id', '=', recordId)
    .where('tag_id', '=', tagId)
    .execute();
  const fieldIds = db.selectFrom('super_tag_fields').select('id').where('tag_id', '=', tagId);
  await db
    .deleteFrom('super_tag_values')
    .where('account_id', '=', accountId)
    .where('record_id', '=', recordId)
    .where('field_id', 'in', fieldIds)
    .execute();
}

export async function listTags(db: Db, accountId: number): Promise<TagRow[]> {
  return db.selectFrom('tags').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

export async function tagsOfRecord(db: Db, accountId: number, recordId: number): Promise<TagRow[]> {
  return db
    .selectFrom('tags')
    .innerJoin('taggings', 'taggings.tag_id', 'tags.id')
    .selectAll('tags')
    .where('taggings.record_id', '=', recordId)
    .where('taggings.account_id', '=', accountId)
    .orderBy('tags.id')
    .execute();
}

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function taggingRows(db: Db, accountId: number) {
  return db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select(['taggings.record_id as recordId', 'tags.id as id', 'tags.name as name', 'tags.is_super as isSuper'])
    .where('taggings.account_id', '=', accountId);
}

/** One record's taggings (a single person or company shown), built once. */
const taggingsOfOne = prepared((db: Db, accountId: number, recordId: number) =>
  taggingRows(db, accountId).where('taggings.record_id', '=', recordId).orderBy('taggings.tag_id'),
);

/** A tagging of a record as the loaders read it. */
export interface TaggingRow {
  recordId: number;
  id: number;
  name: string;
  isSuper: number;
}

/** Tags (with SuperTag values) of many records in two queries per chunk — no N+1. */
export async function loadTags(db: Db, accountId: number, recordIds: number[]): Promise<Map<number, TagView[]>> {
  const out = new Map<number, TagView[]>();
  for (const ids of chunks(recordIds)) {
    const rows =
      ids.length === 1
        ? await taggingsOfOne(db, accountId, ids[0] as number)
        : // (record_id, tag_id) is the taggings key: rows come in that order without a sort step.
          await selectRows(db, taggingRows(db, accountId).where('taggings.record_id', 'in', idSet(ids)).orderBy('taggings.record_id').orderBy('taggings.tag_id'));
    await addTagViews(db, accountId, ids, rows, out);
  }
  return out;
}

/**
 * Turn tagging rows of `ids` into tag views, by record, into `out`; SuperTag values are read
 * (one query) only when a SuperTag is among them.
 */
export async function addTagViews(db: Db, accountId: number, ids: number[], rows: readonly TaggingRow[], out: Map<number, TagView[]>): Promise<void> {
  const values = rows.some((r) => r.isSuper)
    ? await db
        .selectFrom('super_tag_values')
        .innerJoin('super_tag_fields', 'super_tag_fields.id', 'super_tag_values.field_id')
        .select([
          'super_tag_values.record_id as recordId',
          'super_tag_fields.tag_id as tagId',
          'super_tag_fields.field_key as key',
          'super_tag_values.value as value',
        ])
        .where('super_tag_values.account_id', '=', accountId)
        .where('super_tag_values.record_id', 'in', idSet(ids))
        .orderBy('super_tag_fields.position')
        .execute()
    : [];
  const byRecordTag = new Map<string, TagField[]>();
  for (const v of values) {
    const k = `${v.recordId}:${v.tagId}`;
    byRecordTag.set(k, [...(byRecordTag.get(k) ?? []), { key: v.key, value: v.value }]);
  }
  for (const r of rows) {
    const fields = r.isSuper ? (byRecordTag.get(`${r.recordId}:${r.id}`) ?? []) : [];
    const list = out.get(r.recordId) ?? [];
    list.push({ id: r.id, name: r.name, isSuper: r.isSuper === 1, fields });
    out.set(r.recordId, list);
  }
}
