// The text behind `records.xml?qtext=` (spec §12): one lower-cased row per record, rebuilt by the
// application whenever the record or anything searchable on it changes — names, company names,
// e-mails, titles, subjects, bodies, descriptions, notes, comments and tags.
import type { Db } from '../../storage/db.js';
import { contactNames, personName } from '../contacts/contact-names.js';
import type { RecordType } from '../../storage/schema.js';
import type { RecordRef } from './records.service.js';
import { idSet } from '../../storage/prepared.js';

type Parts = (string | null | undefined)[];

async function ownText(db: Db, accountId: number, ref: RecordRef): Promise<{ display: string; text: Parts } | undefined> {
  switch (ref.type) {
    case 'person': {
      const p = await db
        .selectFrom('people')
        .leftJoin('companies', 'companies.id', 'people.company_id')
        .select(['people.first_name', 'people.last_name', 'people.title', 'people.notes', 'companies.name as company'])
        .where('people.id', '=', ref.id)
        .where('people.account_id', '=', accountId)
        .executeTakeFirst();
      if (!p) return undefined;
      const display = personName(p.first_name, p.last_name);
      return { display, text: [display, p.title, p.notes, p.company] };
    }
    case 'company': {
      const c = await db.selectFrom('companies').select(['name', 'notes']).where('id', '=', ref.id).where('account_id', '=', accountId).executeTakeFirst();
      return c && { display: c.name, text: [c.name, c.notes] };
    }
    case 'deal': {
      const d = await db.selectFrom('deals').select(['title', 'description']).where('id', '=', ref.id).where('account_id', '=', accountId).executeTakeFirst();
      return d && { display: d.title, text: [d.title, d.description] };
    }
    case 'todo': {
      const t = await db.selectFrom('todos').select(['title', 'description']).where('id', '=', ref.id).where('account_id', '=', accountId).executeTakeFirst();
      return t && { display: t.title, text: [t.title, t.description] };
    }
    case 'communication': {
      const m = await db
        .selectFrom('communications')
        .select(['subject', 'body', 'ctype'])
        .where('id', '=', ref.id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return m && { display: communicationDisplay(m.subject, m.ctype), text: [m.subject, m.body] };
    }
  }
}

/** A communication without a subject is named by its kind ("Phone call" style: `Phone`). */
export function communicationDisplay(subject: string | null, ctype: string): string {
  if (subject && subject.trim() !== '') return subject;
  return ctype.charAt(0).toUpperCase() + ctype.slice(1);
}

/** The display name of a record (spec §12 `display_name`), or undefined when it does not exist. */
export async function displayNameOf(db: Db, accountId: number, ref: RecordRef): Promise<string | undefined> {
  return (await ownText(db, accountId, ref))?.display;
}

/**
 * Display names of many records at once (a page of `qtext` hits): one query per record type
 * present, not one per record. Records that no longer exist are absent from the map.
 */
export async function displayNames(db: Db, accountId: number, refs: readonly RecordRef[]): Promise<Map<number, string>> {
  const idsOf = (...types: RecordType[]): number[] => refs.filter((r) => types.includes(r.type)).map((r) => r.id);
  const out = await contactNames(db, accountId, idsOf('person', 'company'));
  for (const table of ['deals', 'todos'] as const) {
    const ids = idsOf(table === 'deals' ? 'deal' : 'todo');
    if (ids.length === 0) continue;
    const rows = await db.selectFrom(table).select(['id', 'title']).where('account_id', '=', accountId).where('id', 'in', idSet(ids)).execute();
    for (const r of rows) out.set(r.id, r.title);
  }
  const messages = idsOf('communication');
  if (messages.length > 0) {
    const rows = await db.selectFrom('communications').select(['id', 'subject', 'ctype']).where('account_id', '=', accountId).where('id', 'in', idSet(messages)).execute();
    for (const r of rows) out.set(r.id, communicationDisplay(r.subject, r.ctype));
  }
  return out;
}

/**
 * Rebuild one record's search row and return its display name (undefined when the record does
 * not exist). Call inside the transaction that changed it.
 */
export async function reindex(db: Db, accountId: number, ref: RecordRef, withAttached = true): Promise<string | undefined> {
  const own = await ownText(db, accountId, ref);
  if (!own) return undefined;
  if (!withAttached) {
    await writeIndexRow(db, accountId, ref, own.text);
    return own.display;
  }
  // Ordered, so the text does not depend on the query plan (locations by id, tags by id).
  const emails = await db.selectFrom('locations').select('email').where('record_id', '=', ref.id).where('account_id', '=', accountId).orderBy('id').execute();
  const tags = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select('tags.name')
    .where('taggings.record_id', '=', ref.id)
    .where('taggings.account_id', '=', accountId)
    .orderBy('tags.id')
    .execute();
  const comments = await db.selectFrom('comments').select('comment').where('record_id', '=', ref.id).where('account_id', '=', accountId).orderBy('id').execute();
  await writeIndexRow(db, accountId, ref, [...own.text, ...emails.map((e) => e.email), ...tags.map((t) => t.name), ...comments.map((c) => c.comment)]);
  return own.display;
}

async function writeIndexRow(db: Db, accountId: number, ref: RecordRef, parts: Parts): Promise<void> {
  const content = parts
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .join('\n')
    .toLowerCase();
  await db
    .insertInto('search_index')
    .values({ record_id: ref.id, account_id: accountId, record_type: ref.type, content })
    .onConflict((oc) => oc.column('record_id').doUpdateSet({ content }))
    .execute();
}

/** People show their company's name, so renaming a company reindexes its employees. */
export async function reindexEmployees(db: Db, accountId: number, companyId: number): Promise<void> {
  const rows = await db.selectFrom('people').select('id').where('account_id', '=', accountId).where('company_id', '=', companyId).execute();
  for (const r of rows) await reindex(db, accountId, { id: r.id, type: 'person' as RecordType });
}
