// Links between a record and contacts (table record_contacts): a to-do's participants and a
// deal's attached contacts (role ''), a communication's participants (role to/from/cc/bcc).
import { nowIso } from '../../codec/dates.js';
import type { Db } from '../../storage/db.js';
import { idSet } from '../../storage/prepared.js';

export interface ContactLink {
  recordId: number;
  contactId: number;
  role: string;
}

/** Idempotent: the primary key (record, contact, role) keeps one link per role. */
export async function addLink(db: Db, accountId: number, recordId: number, contactId: number, role = ''): Promise<void> {
  await db
    .insertInto('record_contacts')
    .values({ account_id: accountId, record_id: recordId, contact_id: contactId, role, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['record_id', 'contact_id', 'role']).doNothing())
    .execute();
}

/** Remove a contact's link with `role`, or every role when role is null. */
export async function removeLink(db: Db, accountId: number, recordId: number, contactId: number, role: string | null = ''): Promise<void> {
  let q = db.deleteFrom('record_contacts').where('account_id', '=', accountId).where('record_id', '=', recordId).where('contact_id', '=', contactId);
  if (role !== null) q = q.where('role', '=', role);
  await q.execute();
}

/** Links of many records at once, in link order (no N+1 when listing). */
export async function linksOf(db: Db, accountId: number, recordIds: number[], role?: string): Promise<Map<number, ContactLink[]>> {
  const out = new Map<number, ContactLink[]>();
  for (let i = 0; i < recordIds.length; i += 500) {
    let q = db
      .selectFrom('record_contacts')
      .select(['record_id as recordId', 'contact_id as contactId', 'role'])
      .where('account_id', '=', accountId)
      .where('record_id', 'in', idSet(recordIds.slice(i, i + 500)));
    if (role !== undefined) q = q.where('role', '=', role);
    for (const r of await q.orderBy('created_at').orderBy('contact_id').execute()) {
      out.set(r.recordId, [...(out.get(r.recordId) ?? []), r]);
    }
  }
  return out;
}

/** Ids of records of one table linked to a contact (to-dos with a participant, …). */
export async function recordsLinkedTo(db: Db, accountId: number, contactId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('record_contacts')
    .select('record_id')
    .distinct()
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .execute();
  return rows.map((r) => r.record_id);
}
