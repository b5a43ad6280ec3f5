// Affiliations (spec §13): person ↔ company with job title and a current flag. A person's
// `company`/`company_id` is its current affiliation; earlier ones stay as history (current=false).
import { nowIso } from '../../codec/dates.js';
import type { Db } from '../../storage/db.js';
import type { AffiliationRow } from '../../storage/schema.js';

/**
 * Make `companyId` the person's current affiliation (or none, with null), keeping the job title
 * in step with the person's title. Unique (person, company) makes concurrent calls safe.
 */
export async function syncAffiliation(
  db: Db,
  accountId: number,
  personId: number,
  companyId: number | null,
  jobTitle: string | null,
): Promise<void> {
  const now = nowIso();
  let q = db.updateTable('affiliations').set({ current: 0, updated_at: now }).where('account_id', '=', accountId).where('person_id', '=', personId).where('current', '=', 1);
  if (companyId !== null) q = q.where('company_id', '!=', companyId);
  await q.execute();
  if (companyId === null) return;
  await db
    .insertInto('affiliations')
    .values({ account_id: accountId, person_id: personId, company_id: companyId, job_title: jobTitle, current: 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['person_id', 'company_id']).doUpdateSet({ current: 1, job_title: jobTitle, updated_at: now }))
    .execute();
}

export async function listAffiliations(db: Db, accountId: number, by: { personId?: number; companyId?: number }): Promise<AffiliationRow[]> {
  let q = db.selectFrom('affiliations').selectAll().where('account_id', '=', accountId);
  if (by.personId !== undefined) q = q.where('person_id', '=', by.personId);
  if (by.companyId !== undefined) q = q.where('company_id', '=', by.companyId);
  return q.orderBy('id').execute();
}
