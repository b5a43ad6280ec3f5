// Display names of contacts (spec §12 `display_name`, a deal's `deal_with`, a participant's
// `name`): a person is "first last", a company its name.
import type { Db } from '../../storage/db.js';
import { idSet } from '../../storage/prepared.js';

export function personName(first: string | null, last: string | null): string {
  return [first, last].filter((x) => x && x.trim() !== '').join(' ');
}

/** Display names of people and companies by id, in chunks of 500 ids. */
export async function contactNames(db: Db, accountId: number, contactIds: number[]): Promise<Map<number, string>> {
  const all = [...new Set(contactIds)];
  const out = new Map<number, string>();
  for (let i = 0; i < all.length; i += 500) {
    const ids = all.slice(i, i + 500);
    const people = await db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('account_id', '=', accountId).where('id', 'in', idSet(ids)).execute();
    for (const p of people) out.set(p.id, personName(p.first_name, p.last_name));
    const companies = await db.selectFrom('companies').select(['id', 'name']).where('account_id', '=', accountId).where('id', 'in', idSet(ids)).execute();
    for (const c of companies) out.set(c.id, c.name);
  }
  return out;
}
