// SuperTags (spec §7): definitions are read-only over the Classic API and managed by the admin
// CLI (decisions.md); values are read and written per record.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { section, text } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import { foldKey, type Db } from '../../storage/db.js';
import type { SuperTagFieldRow } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { SUPER_TAGGABLE_COLLECTIONS, type RecordCollection } from '../records/collections.js';
import { recordChanged } from '../records/record-events.js';
import { requireRecord, type RecordRef } from '../records/records.service.js';
import { addTagging, findOrCreateTag, removeTagging } from '../tags/tags.repository.js';
import { appliedTagIds, listDefinitions, setValue, valuesOf, type SuperTagDefinition } from './super-tags.repository.js';

export const FIELD_TYPES = ['Text', 'Multiple choice', 'Checkbox', 'Date', 'Number'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * A SuperTag definition as the admin CLI (and later the JSON admin API) submits it: untrusted
 * input, checked against this schema before anything is written.
 */
export const FieldSpecSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  type: Type.Union(FIELD_TYPES.map((t) => Type.Literal(t))),
  options: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 }),
});
export type FieldSpec = Static<typeof FieldSpecSchema>;
const DefinitionSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  fields: Type.Array(FieldSpecSchema, { maxItems: 200 }),
});

/** Field key: lower-case, spaces → `_` (spec §1.8, §7). Dashes count as underscores too. */
export function fieldKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}

/** Names in paths: `%20`/`+` decoded, case-insensitive, spaces and underscores equal (spec §7). */
export function nameKey(name: string): string {
  return fieldKey(name.replace(/\+/g, ' '));
}

export interface AppliedSuperTag {
  definition: SuperTagDefinition;
  values: { field: SuperTagFieldRow; value: string }[];
}

function coerceValue(field: SuperTagFieldRow, raw: string): string {
  const value = raw.trim();
  if (value === '') return '';
  if (field.field_type === 'Multiple choice') {
    const options = JSON.parse(field.options) as string[];
    const match = options.find((o) => foldKey(o) === foldKey(value));
    if (match === undefined) throw new InvalidRecordError([`${field.name} must be one of: ${options.join(', ')}`]);
    return match;
  }
  if (field.field_type === 'Checkbox') {
    if (/^(true|1|yes|on)$/i.test(value)) return 'true';
    if (/^(false|0|no|off)$/i.test(value)) return 'false';
    throw new InvalidRecordError([`${field.name} must be true or false`]);
  }
  if (field.field_type === 'Number' && !/^-?\d+(\.\d+)?$/.test(value)) {
    throw new InvalidRecordError([`${field.name} must be a number`]);
  }
  return value;
}

export class SuperTagsService {
  constructor(private readonly db: Db) {}

  definitions(accountId: number): Promise<SuperTagDefinition[]> {
    return listDefinitions(this.db, accountId);
  }

  async definition(accountId: number, name: string): Promise<SuperTagDefinition> {
    const key = nameKey(name);
    const found = (await this.definitions(accountId)).find((d) => nameKey(d.tag.name) === key);
    if (!found) throw new NotFoundError('SuperTag');
    return found;
  }

  /** Create or redefine a SuperTag (admin CLI). Existing fields keep their values; dropped fields lose theirs. */
  async define(accountId: number, name: string, fields: FieldSpec[]): Promise<SuperTagDefinition> {
    if (name.trim() === '') throw new InvalidRecordError(["Name can't be blank"]);
    const problem = Value.Errors(DefinitionSchema, { name, fields }).First();
    if (problem) throw new InvalidRecordError([`SuperTag definition ${problem.path || '/'}: ${problem.message}`]);
    const keys = fields.map((f) => fieldKey(f.name));
    if (keys.some((k) => k === '')) throw new InvalidRecordError(["Field name can't be blank"]);
    if (new Set(keys).size !== keys.length) throw new InvalidRecordError(['Field names must be unique']);
    await this.db.transaction().execute(async (trx) => {
      const tag = await findOrCreateTag(trx, accountId, name);
      await trx.updateTable('tags').set({ is_super: 1 }).where('id', '=', tag.id).execute();
      const existing = await trx.selectFrom('super_tag_fields').selectAll().where('tag_id', '=', tag.id).execute();
      const dropped = existing.filter((e) => !keys.includes(e.field_key)).map((e) => e.id);
      if (dropped.length > 0) {
        await trx.deleteFrom('super_tag_values').where('field_id', 'in', dropped).execute();
        await trx.deleteFrom('super_tag_fields').where('id', 'in', dropped).execute();
      }
      for (const [position, f] of fields.entries()) {
        const row = {
          account_id: accountId,
          tag_id: tag.id,
          position,
          name: f.name.trim(),
          field_key: fieldKey(f.name),
          field_type: f.type,
          options: JSON.stringify(f.type === 'Multiple choice' ? f.options : []),
        };
        await trx
          .insertInto('super_tag_fields')
          .values(row)
          .onConflict((oc) =>
            oc.columns(['tag_id', 'field_key']).doUpdateSet({ position, name: row.name, field_type: row.field_type, options: row.options }),
          )
          .execute();
      }
    });
    return this.definition(accountId, name);
  }

  private async record(caller: Caller, collection: RecordCollection, id: ParamValue | undefined): Promise<RecordRef> {
    return requireRecord(this.db, caller.accountId, id, [collection.type], collection.label);
  }

  private async applied(caller: Caller, record: RecordRef, definition: SuperTagDefinition): Promise<AppliedSuperTag> {
    const values = await valuesOf(this.db, caller.accountId, record.id, definition.tag.id);
    return {
      definition,
      values: definition.fields.map((field) => ({ field, value: values.get(field.id) ?? '' })),
    };
  }

  /** SuperTags applied to a record; `?name=` filters (gem). */
  async listOn(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, params: Params): Promise<AppliedSuperTag[]> {
    const record = await this.record(caller, collection, id);
    const ids = new Set(await appliedTagIds(this.db, caller.accountId, record.id));
    const filter = text(params, 'name');
    const defs = (await this.definitions(caller.accountId)).filter(
      (d) => ids.has(d.tag.id) && (!filter || nameKey(d.tag.name) === nameKey(filter)),
    );
    return Promise.all(defs.map((d) => this.applied(caller, record, d)));
  }

  /** Legacy gem 1.0.2: `super_tags.xml?contact_id=N[&name=X]` on any record that takes SuperTags. */
  async listOnContact(caller: Caller, id: ParamValue | undefined, params: Params): Promise<AppliedSuperTag[]> {
    const record = await requireRecord(this.db, caller.accountId, id, SUPER_TAGGABLE_COLLECTIONS.map((c) => c.type));
    const collection = SUPER_TAGGABLE_COLLECTIONS.find((c) => c.type === record.type) as RecordCollection;
    return this.listOn(caller, collection, id, params);
  }

  async showOn(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, name: string): Promise<AppliedSuperTag> {
    const record = await this.record(caller, collection, id);
    const definition = await this.definition(caller.accountId, name);
    const ids = await appliedTagIds(this.db, caller.accountId, record.id);
    if (!ids.includes(definition.tag.id)) throw new NotFoundError('SuperTag');
    return this.applied(caller, record, definition);
  }

  /** Apply (if needed) and set values from `super_tag[key]=v` (query or form) or `<super_tag>` XML. */
  async putOn(
    caller: Caller,
    collection: RecordCollection,
    id: ParamValue | undefined,
    name: string,
    params: Params,
  ): Promise<AppliedSuperTag> {
    const record = await this.record(caller, collection, id);
    const definition = await this.definition(caller.accountId, name);
    const input = section(params, 'super_tag');
    const byKey = new Map(Object.entries(input).map(([k, v]) => [fieldKey(k), v]));
    const updates: { field: SuperTagFieldRow; value: string }[] = [];
    for (const field of definition.fields) {
      const raw = byKey.get(field.field_key);
      if (raw === undefined) continue;
      const value = text({ v: raw }, 'v');
      // A nested structure where a value was expected is ignored like other echoed nested data
      // (spec §1.4, codec/input.ts `text`): it must not clear the field. Only an empty value or
      // nil="true" clears it.
      if (value === undefined) continue;
      updates.push({ field, value: coerceValue(field, value ?? '') });
    }
    await this.db.transaction().execute(async (trx) => {
      await addTagging(trx, caller.accountId, record.id, definition.tag.id);
      for (const u of updates) await setValue(trx, caller.accountId, record.id, u.field.id, u.value);
      await recordChanged(trx, caller, record, 'SuperTag updated', definition.tag.name);
    });
    return this.applied(caller, record, definition);
  }

  async removeFrom(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, name: string): Promise<void> {
    const record = await this.record(caller, collection, id);
    const definition = await this.definition(caller.accountId, name);
    await this.db.transaction().execute(async (trx) => {
      await removeTagging(trx, caller.accountId, record.id, definition.tag.id);
      await recordChanged(trx, caller, record, 'SuperTag removed', definition.tag.name);
    });
  }
}
