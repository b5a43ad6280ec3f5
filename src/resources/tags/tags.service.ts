// Tags on records (spec §6): every argument form normalises to a list of names here.
import { isParams, type Params, type ParamValue } from '../../codec/params.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import { foldKey, type Db } from '../../storage/db.js';
import type { TagRow } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { TAGGABLE_COLLECTIONS, type RecordCollection } from '../records/collections.js';
import { recordChanged } from '../records/record-events.js';
import { findParent, requireRecord, type RecordRef } from '../records/records.service.js';
import { addTagging, findOrCreateTag, findTag, findTagById, listTags, removeTagging, tagsOfRecord } from './tags.repository.js';

const TAGGABLE_TYPES = TAGGABLE_COLLECTIONS.map((c) => c.type);

/**
 * Tag names from any accepted form: `<tag>a</tag>`, `<tags>a,b</tags>`,
 * `<tags type="array"><tag>a</tag>…</tags>`, `?tag=a`, `?tags[]=a&tags[]=b`, `?tags=a,b`, `tag=a`.
 */
export function tagNames(params: Params, pathName?: string): string[] {
  const names: string[] = [];
  const collect = (v: ParamValue | undefined, split: boolean): void => {
    if (typeof v === 'string') names.push(...(split ? v.split(',') : [v]));
    else if (Array.isArray(v)) v.forEach((x) => collect(x, false));
    else if (isParams(v)) {
      // PHP's http_build_query writes a list as `tags[0]=a&tags[1]=b`: an object with numeric keys.
      const keys = Object.keys(v);
      if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) keys.forEach((k) => collect(v[k], false));
      else collect(v.tag ?? v.name, split);
    }
  };
  if (pathName !== undefined) collect(pathName, false);
  collect(params.tag, false);
  collect(params.tags, true);
  const seen = new Set<string>();
  return names
    .map((n) => n.trim())
    .filter((n) => {
      const key = foldKey(n);
      if (n === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export class TagsService {
  constructor(private readonly db: Db) {}

  /** All tags, or one record's tags with `contact_id`/`deal_id`/… (gem filters). */
  async list(caller: Caller, params: Params): Promise<TagRow[]> {
    const record = await findParent(this.db, caller.accountId, params, TAGGABLE_TYPES);
    return record ? tagsOfRecord(this.db, caller.accountId, record.id) : listTags(this.db, caller.accountId);
  }

  /**
   * By name; a numeric segment that names no tag is tried as an id, because
   * codeforamerica/batchbook-tagger calls `GET /service/tags/{id}.xml` (spec §18).
   */
  async show(caller: Caller, name: string): Promise<TagRow> {
    const tag =
      (await findTag(this.db, caller.accountId, name)) ??
      (/^\d{1,15}$/.test(name) ? await findTagById(this.db, caller.accountId, Number(name)) : undefined);
    if (!tag) throw new NotFoundError('Tag');
    return tag;
  }

  private async target(caller: Caller, collection: RecordCollection, id: ParamValue | undefined): Promise<RecordRef> {
    return requireRecord(this.db, caller.accountId, id, [collection.type], collection.label);
  }

  /** Unknown names are created; adding a SuperTag's name applies it with no values. Idempotent. */
  async add(caller: Caller, record: RecordRef, names: string[]): Promise<void> {
    if (names.length === 0) throw new InvalidRecordError(["Tag can't be blank"]);
    await this.db.transaction().execute(async (trx) => {
      for (const name of names) {
        const tag = await findOrCreateTag(trx, caller.accountId, name);
        await addTagging(trx, caller.accountId, record.id, tag.id);
      }
      await recordChanged(trx, caller, record, 'Tag added', names.join(', '));
    });
  }

  /** Removing a tag that is not on the record is a no-op. */
  async remove(caller: Caller, record: RecordRef, names: string[]): Promise<void> {
    if (names.length === 0) throw new InvalidRecordError(["Tag can't be blank"]);
    await this.db.transaction().execute(async (trx) => {
      const onRecord = new Set((await tagsOfRecord(trx, caller.accountId, record.id)).map((t) => t.id));
      const removed: string[] = [];
      for (const name of names) {
        const tag = await findTag(trx, caller.accountId, name);
        if (!tag || !onRecord.has(tag.id)) continue;
        await removeTagging(trx, caller.accountId, record.id, tag.id);
        removed.push(name);
      }
      // A true no-op (spec §6): no updated_at bump, no "Tag removed" activity (issue 5: writes nothing).
      if (removed.length > 0) await recordChanged(trx, caller, record, 'Tag removed', removed.join(', '));
    });
  }

  async addTo(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, params: Params, pathName?: string): Promise<void> {
    await this.add(caller, await this.target(caller, collection, id), tagNames(params, pathName));
  }

  async removeFrom(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, params: Params, pathName?: string): Promise<void> {
    await this.remove(caller, await this.target(caller, collection, id), tagNames(params, pathName));
  }

  /** Legacy gem 1.0.2: `PUT /service/tags/{tag}/add_to.xml?contact_id=N`. */
  async legacy(caller: Caller, name: string, params: Params, op: 'add' | 'remove'): Promise<void> {
    const record = await findParent(this.db, caller.accountId, params, TAGGABLE_TYPES);
    if (!record) throw new NotFoundError('Contact');
    await (op === 'add' ? this.add(caller, record, [name]) : this.remove(caller, record, [name]));
  }
}
