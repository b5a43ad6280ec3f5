// Walking a large result in batches: the first batch honours `offset`, later ones continue by
// id (keyset), so memory stays bounded whatever `limit` is (decisions.md).
import type { Paging } from '../../codec/input.js';

export type FetchBatch<T> = (afterId: number | null, offset: number, limit: number) => Promise<T[]>;

export async function* batches<T extends { id: number }>(fetch: FetchBatch<T>, paging: Paging, size = 500): AsyncGenerator<T[]> {
  let remaining = paging.limit;
  let afterId: number | null = null;
  let offset = paging.offset;
  while (remaining > 0) {
    const want = Math.min(size, remaining);
    const rows = await fetch(afterId, offset, want);
    if (rows.length > 0) yield rows;
    if (rows.length < want) return;
    remaining -= rows.length;
    afterId = (rows[rows.length - 1] as T).id;
    offset = 0;
  }
}

/** Rows fetched batch by batch, each batch turned into views (nested parts loaded per batch). */
export async function* streamViews<T extends { id: number }, V>(
  fetch: FetchBatch<T>,
  paging: Paging,
  views: (rows: T[]) => Promise<V[]>,
): AsyncGenerator<V> {
  for await (const rows of batches(fetch, paging)) yield* await views(rows);
}
