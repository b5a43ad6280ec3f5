// Recent activity (spec §16): what was done in the account, newest first, 10 per page. The rows
// are written by record-events.ts inside every write's transaction.
import { page } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import type { Db } from '../../storage/db.js';
import type { ActivityRow } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';

export const ACTIVITIES_PER_PAGE = 10;

export class ActivitiesService {
  constructor(private readonly db: Db) {}

  /** `page` is 1-based (spec §1.6); a page past the end is empty, which ends a paging client. */
  async recent(caller: Caller, params: Params): Promise<ActivityRow[]> {
    const p = page(params, ACTIVITIES_PER_PAGE);
    return this.db
      .selectFrom('activities')
      .selectAll()
      .where('account_id', '=', caller.accountId)
      // Newest first: ids grow with every write and, unlike timestamps, never tie.
      .orderBy('id', 'desc')
      .limit(p.limit)
      .offset(p.offset)
      .execute();
  }
}
