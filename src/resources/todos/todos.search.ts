// The filters of GET /service/todos.xml (spec §9). The documented search parameters are mutually
// exclusive; when a client sends several, the first present in this order wins [inferred]:
// person_id / company_id, updated_since, assigned_to. Without any: the caller's own to-dos.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { text, timeFilter } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import type { Db } from '../../storage/db.js';
import type { Caller } from '../accounts/accounts.service.js';
import { requireRecord, type RecordRef } from '../records/records.service.js';
import { findUserByEmail } from '../users/users.repository.js';

export type Condition = RawBuilder<SqlBool>;

const CONTACT_KEYS = [
  { key: 'person_id', type: 'person', label: 'Person' },
  { key: 'company_id', type: 'company', label: 'Company' },
] as const;

function present(params: Params, key: string): string | undefined {
  const v = text(params, key);
  return v === undefined || v === null || v.trim() === '' ? undefined : v.trim();
}

/** To-dos having the contact as a participant (related contact, spec §12a), whoever the assignee. */
export function participantCondition(accountId: number, contact: RecordRef): Condition {
  return sql<SqlBool>`exists (select 1 from record_contacts rc where rc.account_id = ${accountId} and rc.record_id = todos.id and rc.contact_id = ${contact.id})`;
}

/**
 * Conditions for the list, validated before the first byte is sent: an unknown contact answers
 * 404, an unparseable `updated_since` 422, an unknown `assigned_to` user an empty array.
 */
export async function searchConditions(db: Db, caller: Caller, params: Params): Promise<Condition[]> {
  const accountId = caller.accountId;
  for (const { key, type, label } of CONTACT_KEYS) {
    const raw = present(params, key);
    if (raw !== undefined) return [participantCondition(accountId, await requireRecord(db, accountId, raw, [type], label))];
  }
  const since = timeFilter(params, 'updated_since');
  if (since !== undefined) return [sql<SqlBool>`todos.updated_at >= ${since}`];
  const email = present(params, 'assigned_to');
  if (email !== undefined) {
    const user = await findUserByEmail(db, accountId, email);
    return [user ? sql<SqlBool>`todos.assigned_to_user_id = ${user.id}` : sql<SqlBool>`1 = 0`];
  }
  return [sql<SqlBool>`todos.assigned_to_user_id = ${caller.userId}`];
}
