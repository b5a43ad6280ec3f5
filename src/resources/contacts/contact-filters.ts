// Search filters shared by people and companies (spec §2, §3): `email`, `tag`, `state`,
// `updated_since`, and `name` against the application-written `name_key`. All values are bound
// parameters; LIKE wildcards in user input are escaped.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { text, timeFilter } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import { foldKey, type Db } from '../../storage/db.js';
import { COMPANY_NAMES, PEOPLE_NAMES, containsAll } from '../../storage/text-search.js';

export interface ContactFilter {
  name?: string;
  email?: string;
  tag?: string;
  state?: string;
  updatedSince?: string;
}

export function contactFilter(params: Params): ContactFilter {
  const pick = (k: string): string | undefined => {
    const v = text(params, k);
    return v === undefined || v === null || v.trim() === '' ? undefined : v.trim();
  };
  return { name: pick('name'), email: pick('email'), tag: pick('tag'), state: pick('state'), updatedSince: timeFilter(params, 'updated_since') };
}

/** SQL conditions for `table` (people or companies). */
export function contactConditions(db: Db, table: 'people' | 'companies', accountId: number, f: ContactFilter): RawBuilder<SqlBool>[] {
  const id = sql.ref(`${table}.id`);
  const out: RawBuilder<SqlBool>[] = [];
  // The whole name is one term: `name=grace hop` matches "Grace Hopper" (spec §2), via an index.
  if (f.name !== undefined) out.push(...containsAll(db, table === 'people' ? PEOPLE_NAMES : COMPANY_NAMES, [f.name]));
  // `id in (subquery)` lets the engine start from the indexed side (locations by e-mail or state,
  // tags by name) instead of testing every record of the account.
  if (f.email !== undefined) {
    out.push(sql<SqlBool>`${id} in (select l.record_id from locations l where l.account_id = ${accountId} and l.email_key = ${foldKey(f.email)})`);
  }
  if (f.state !== undefined) {
    out.push(sql<SqlBool>`${id} in (select l.record_id from locations l where l.account_id = ${accountId} and l.state_key = ${foldKey(f.state)})`);
  }
  if (f.tag !== undefined) {
    out.push(
      sql<SqlBool>`${id} in (select tg.record_id from tags t inner join taggings tg on tg.tag_id = t.id where t.account_id = ${accountId} and t.name_key = ${foldKey(f.tag)})`,
    );
  }
  if (f.updatedSince !== undefined) out.push(sql<SqlBool>`${sql.ref(`${table}.updated_at`)} >= ${f.updatedSince}`);
  return out;
}
