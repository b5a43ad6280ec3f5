// List filters of `communications.xml` (spec §10), combinable with each other and with paging:
// `ctype`, a contact (any participant role), and created/updated time windows. Everything is
// validated before the first byte of the streamed answer is written.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { text, timeFilter } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import type { Db } from '../../storage/db.js';
import { CONTACT_TYPES } from '../records/collections.js';
import { requireRecord } from '../records/records.service.js';
import { ctypeFilter } from './communications.input.js';

/**
 * Every client names the contact differently: `contact_id` (PHP), `contactId` (.NET),
 * `person_id` / `company_id` (gem) — spec §10 lists them as aliases, so each accepts any contact.
 */
const CONTACT_KEYS = ['contact_id', 'contactId', 'person_id', 'company_id'] as const;

/** The contact named by the first contact key present; 404 when it is not a contact of the account. */
async function contactOf(db: Db, accountId: number, params: Params): Promise<number | undefined> {
  for (const key of CONTACT_KEYS) {
    const v = text(params, key);
    if (v === undefined || v === null || v.trim() === '') continue;
    return (await requireRecord(db, accountId, v.trim(), CONTACT_TYPES, 'Contact')).id;
  }
  return undefined;
}

/** `since` is inclusive, `before` exclusive, so that adjacent windows do not overlap. */
const TIME_FILTERS = [
  { key: 'updated_since', column: 'updated_at', op: '>=' },
  { key: 'updated_before', column: 'updated_at', op: '<' },
  { key: 'created_since', column: 'created_at', op: '>=' },
  { key: 'created_before', column: 'created_at', op: '<' },
] as const;

export function participantCondition(accountId: number, contactId: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from record_contacts rc where rc.record_id = communications.id and rc.account_id = ${accountId} and rc.contact_id = ${contactId})`;
}

/**
 * SQL conditions for the list. `scopeContactId` comes from the path
 * (`people/{id}/communications.xml`) and wins over query keys.
 */
export async function communicationConditions(
  db: Db,
  accountId: number,
  params: Params,
  scopeContactId?: number,
): Promise<RawBuilder<SqlBool>[]> {
  const out: RawBuilder<SqlBool>[] = [];
  const ctype = ctypeFilter(params);
  if (ctype !== undefined) out.push(sql<SqlBool>`communications.ctype = ${ctype}`);
  for (const f of TIME_FILTERS) {
    const iso = timeFilter(params, f.key);
    if (iso !== undefined) out.push(sql<SqlBool>`${sql.ref(`communications.${f.column}`)} ${sql.raw(f.op)} ${iso}`);
  }
  const contactId = scopeContactId ?? (await contactOf(db, accountId, params));
  if (contactId !== undefined) out.push(participantCondition(accountId, contactId));
  return out;
}
