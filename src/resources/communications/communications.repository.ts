// Communications table access, and the contact names behind a communication's participants.
// Ids come from the shared record id space; participants live in record_contacts with a role.
import type { Updateable } from 'kysely';
import type { Db } from '../../storage/db.js';
import type { CommunicationRow, CommunicationsTable } from '../../storage/schema.js';
import { deleteRecordRow, findRecordRow, insertRecordRow, updateRecordRow } from '../records/records.repository.js';

export const findCommunication = (db: Db, accountId: number, id: number): Promise<CommunicationRow | undefined> => findRecordRow(db, 'communications', accountId, id);

export const insertCommunication = (db: Db, row: CommunicationRow): Promise<void> => insertRecordRow(db, 'communications', row);

export const updateCommunication = (db: Db, accountId: number, id: number, changes: Updateable<CommunicationsTable>): Promise<void> =>
  updateRecordRow(db, 'communications', accountId, id, changes);

export const deleteCommunication = (db: Db, accountId: number, id: number): Promise<void> => deleteRecordRow(db, 'communications', accountId, id);

/** Whether a contact is a participant of a communication (with `role`, or with any role when null). */
export async function hasParticipant(db: Db, accountId: number, recordId: number, contactId: number, role: string | null): Promise<boolean> {
  let q = db
    .selectFrom('record_contacts')
    .select('contact_id')
    .where('account_id', '=', accountId)
    .where('record_id', '=', recordId)
    .where('contact_id', '=', contactId);
  if (role !== null) q = q.where('role', '=', role);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

