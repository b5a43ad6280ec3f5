// Records (spec §12): show any record by id whatever its type, search all records by text
// (`qtext`), and list deleted records (`deleted_since`).
import { paging, text, timeFilter, type Paging } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { RecordType } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { batches } from './paginate.js';
import type { RecordView } from './records.presenter.js';
import { deletedSince, searchIndex } from './records-query.repository.js';
import { requireRecord } from './records.service.js';
import { displayNameOf, displayNames } from './search-index.js';

export const RECORDS_DEFAULT_LIMIT = 25;
const ALL_TYPES: RecordType[] = ['person', 'company', 'deal', 'todo', 'communication'];

/** A search option is given when it has non-blank text. */
function given(params: Params, key: string): string | undefined {
  const v = text(params, key);
  return v === undefined || v === null || v.trim() === '' ? undefined : v.trim();
}

export class RecordsQueryService {
  constructor(private readonly db: Db) {}

  async show(caller: Caller, id: ParamValue | undefined): Promise<RecordView> {
    const ref = await requireRecord(this.db, caller.accountId, id, ALL_TYPES);
    const displayName = await displayNameOf(this.db, caller.accountId, ref);
    if (displayName === undefined) throw new NotFoundError('Record');
    return { ...ref, displayName };
  }

  /**
   * `records.xml` takes exactly one of `qtext` and `deleted_since`; both or neither is a 422
   * (spec §12, inferred). Validated here, before the streamed answer starts.
   */
  search(caller: Caller, params: Params): AsyncIterable<RecordView> {
    const qtext = given(params, 'qtext');
    const since = given(params, 'deleted_since') === undefined ? undefined : timeFilter(params, 'deleted_since');
    if ((qtext === undefined) === (since === undefined)) {
      throw new InvalidRecordError(['Give exactly one of qtext or deleted_since']);
    }
    if (qtext !== undefined) return this.byText(caller.accountId, qtext.split(/\s+/), paging(params, RECORDS_DEFAULT_LIMIT));
    // A sync client asks for every deletion since its last run; a default page size would drop
    // some silently, so `limit` is unlimited unless given (like lists, spec §1.6).
    return this.deleted(caller.accountId, since as string, paging(params, Number.MAX_SAFE_INTEGER));
  }

  private async *byText(accountId: number, words: string[], page: Paging): AsyncGenerator<RecordView> {
    const fetch = (afterId: number | null, offset: number, limit: number) => searchIndex(this.db, accountId, words, afterId, offset, limit);
    for await (const hits of batches(fetch, page)) {
      const names = await displayNames(this.db, accountId, hits);
      for (const hit of hits) {
        const displayName = names.get(hit.id);
        if (displayName !== undefined) yield { ...hit, displayName };
      }
    }
  }

  private async *deleted(accountId: number, since: string, page: Paging): AsyncGenerator<RecordView> {
    const fetch = (afterId: number | null, offset: number, limit: number) => deletedSince(this.db, accountId, since, afterId, offset, limit);
    for await (const rows of batches(fetch, page)) yield* rows;
  }
}
