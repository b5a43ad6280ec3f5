// The queries behind `records.xml` (spec §12): the text index for `qtext` and the tombstones for
// `deleted_since`, both read in ascending id batches (decisions.md, Records and ids).
import type { Db } from '../../storage/db.js';
import type { RecordType } from '../../storage/schema.js';
import { recordTextHits } from '../../storage/text-search.js';

export interface IndexHit {
  id: number;
  type: RecordType;
}

export interface Tombstone {
  id: number;
  type: RecordType;
  displayName: string;
  deletedAt: string;
}

/** Records whose search text contains every word (case-insensitive substring, wildcards escaped). */
export async function searchIndex(
  db: Db,
  accountId: number,
  words: string[],
  afterId: number | null,
  offset: number,
  limit: number,
): Promise<IndexHit[]> {
  const rows = await recordTextHits(db, accountId, words, afterId, offset, limit);
  return rows.map((r) => ({ id: r.record_id, type: r.record_type }));
}

/** Tombstones of records deleted at or after `since` (an ISO UTC string). */
export async function deletedSince(
  db: Db,
  accountId: number,
  since: string,
  afterId: number | null,
  offset: number,
  limit: number,
): Promise<Tombstone[]> {
  let q = db.selectFrom('tombstones').selectAll().where('account_id', '=', accountId).where('deleted_at', '>=', since);
  if (afterId !== null) q = q.where('id', '>', afterId);
  const rows = await q.orderBy('id').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ id: r.id, type: r.record_type, displayName: r.display_name, deletedAt: r.deleted_at }));
}
