// Search filters shared by people and companies (spec §2, §3): `email`, `tag`, `state`,
// `updated_since`, and `name` against the application-written `name_key`. All values are bound
// parameters; LIKE wildcards in user input are escaped.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { text, timeFilter } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import { foldKey } from '../../storage/db.js';

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

export function likePattern(value: string): string {
  return `%${foldKey(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQL conditions for `table` (people or companies). */
export function contactConditions(table: 'people' | 'companies', accountId: number, f: ContactFilter): RawBuilder<SqlBool>[] {
  const id = sql.ref(`${table}.id`);
  const out: RawBuilder<SqlBool>[] = [];
  if (f.name !== undefined) out.push(sql<SqlBool>`${sql.ref(`${table}.name_key`)} like ${likePattern(f.name)} escape '\\'`);
  if (f.email !== undefined) {
    out.push(sql<SqlBool>`exists (select 1 from locations l where l.record_id = ${id} and l.account_id = ${accountId} and l.email_key = ${foldKey(f.email)})`);
  }
  if (f.state !== undefined) {
    out.push(sql<SqlBool>`exists (select 1 from locations l where l.record_id = ${id} and l.account_id = ${accountId} and l.state_key = ${foldKey(f.state)})`);
  }
  if (f.tag !== undefined) {
    out.push(
      sql<SqlBool>`exists (select 1 from taggings tg inner join tags t on t.id = tg.tag_id where tg.record_id = ${id} and tg.account_id = ${accountId} and t.name_key = ${foldKey(f.tag)})`,
    );
  }
  if (f.updatedSince !== undefined) out.push(sql<SqlBool>`${sql.ref(`${table}.updated_at`)} >= ${f.updatedSince}`);
  return out;
}
