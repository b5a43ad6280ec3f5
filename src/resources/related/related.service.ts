// Related contacts on deals and to-dos (spec §12a): `contact_id` as XML body
// `<contact_id>1</contact_id>`, query `?contact_id=1` or form `contact_id=1`.
import { text } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { InvalidRecordError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { Caller } from '../accounts/accounts.service.js';
import { CONTACT_TYPES, type RecordCollection } from '../records/collections.js';
import { recordChanged } from '../records/record-events.js';
import { requireRecord, type RecordRef } from '../records/records.service.js';
import { displayNameOf } from '../records/search-index.js';
import { addLink, removeLink } from './related.repository.js';

/** `contact_id` (also `contactId`, seen in clients) from any encoding; a contact of the account or 404. */
export async function requireContact(db: Db, caller: Caller, params: Params): Promise<RecordRef> {
  const raw = text(params, 'contact_id') ?? text(params, 'contactId');
  if (raw === undefined || raw === null || raw.trim() === '') throw new InvalidRecordError(["Contact can't be blank"]);
  return requireRecord(db, caller.accountId, raw.trim(), CONTACT_TYPES, 'Contact');
}

export class RelatedContactsService {
  constructor(private readonly db: Db) {}

  async add(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, params: Params): Promise<void> {
    const record = await requireRecord(this.db, caller.accountId, id, [collection.type], collection.label);
    const contact = await requireContact(this.db, caller, params);
    const name = (await displayNameOf(this.db, caller.accountId, contact)) ?? String(contact.id);
    await this.db.transaction().execute(async (trx) => {
      await addLink(trx, caller.accountId, record.id, contact.id);
      await recordChanged(trx, caller, record, 'Related contact added', name);
    });
  }

  /** Detaching a contact that is not attached is a no-op (as remove_tag). */
  async remove(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, params: Params): Promise<void> {
    const record = await requireRecord(this.db, caller.accountId, id, [collection.type], collection.label);
    const contact = await requireContact(this.db, caller, params);
    const name = (await displayNameOf(this.db, caller.accountId, contact)) ?? String(contact.id);
    await this.db.transaction().execute(async (trx) => {
      await removeLink(trx, caller.accountId, record.id, contact.id);
      await recordChanged(trx, caller, record, 'Related contact removed', name);
    });
  }
}
