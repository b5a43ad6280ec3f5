// SuperTag definitions (a tag with typed fields) and their values on records (spec §7).
import type { Db } from '../../storage/db.js';
import type { SuperTagFieldRow, TagRow } from '../../storage/schema.js';

export interface SuperTagDefinition {
  tag: TagRow;
  fields: SuperTagFieldRow[];
}

export async function listDefinitions(db: Db, accountId: number): Promise<SuperTagDefinition[]> {
  const tags = await db
    .selectFrom('tags')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('is_super', '=', 1)
    .orderBy('id')
    .execute();
  if (tags.length === 0) return [];
  const fields = await db
    .selectFrom('super_tag_fields')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('tag_id')
    .orderBy('position')
    .execute();
  return tags.map((tag) => ({ tag, fields: fields.filter((f) => f.tag_id === tag.id) }));
}

export async function valuesOf(db: Db, accountId: number, recordId: number, tagId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('super_tag_values')
    .innerJoin('super_tag_fields', 'super_tag_fields.id', 'super_tag_values.field_id')
    .select(['super_tag_values.field_id as fieldId', 'super_tag_values.value as value'])
    .where('super_tag_values.account_id', '=', accountId)
    .where('super_tag_values.record_id', '=', recordId)
    .where('super_tag_fields.tag_id', '=', tagId)
    .execute();
  return new Map(rows.map((r) => [r.fieldId, r.value]));
}

/** Set (or, for an empty value, clear) one field's value on a record. */
export async function setValue(db: Db, accountId: number, recordId: number, fieldId: number, value: string): Promise<void> {
  if (value === '') {
    await db
      .deleteFrom('super_tag_values')
      .where('account_id', '=', accountId)
      .where('record_id', '=', recordId)
      .where('field_id', '=', fieldId)
      .execute();
    return;
  }
  await db
    .insertInto('super_tag_values')
    .values({ account_id: accountId, record_id: recordId, field_id: fieldId, value })
    .onConflict((oc) => oc.columns(['record_id', 'field_id']).doUpdateSet({ value }))
    .execute();
}

/** SuperTags applied to a record (tagging present), in tag id order. */
export async function appliedTagIds(db: Db, accountId: number, recordId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select('tags.id')
    .where('taggings.account_id', '=', accountId)
    .where('taggings.record_id', '=', recordId)
    .where('tags.is_super', '=', 1)
    .orderBy('tags.id')
    .execute();
  return rows.map((r) => r.id);
}
