// A communication's participants (spec §10 custom methods; shapes from the .NET client): contacts
// in the roles to/from/cc/bcc, stored in record_contacts. One contact may hold several roles.
import type { Params, ParamValue } from '../../codec/params.js';
import { isParams } from '../../codec/params.js';
import type { Db } from '../../storage/db.js';
import type { Caller } from '../accounts/accounts.service.js';
import { COMMUNICATIONS } from '../records/collections.js';
import { recordChanged } from '../records/record-events.js';
import { requireRecord, type RecordRef } from '../records/records.service.js';
import { addLink, linksOf, removeLink } from '../related/related.repository.js';
import { requireContact } from '../related/related.service.js';
import { ROLES, roleParam } from './communications.input.js';
import type { ParticipantView } from './communications.presenter.js';
import { hasParticipant } from './communications.repository.js';
import { contactNames } from '../contacts/contact-names.js';

/**
 * The arguments from every encoding: query or form `contact_id=3&role=to` (.NET, PHP), XML
 * `<participant><contact_id>3</contact_id><role>to</role></participant>`, or a bare root such as
 * `<contact_id>3</contact_id>` (as add_related_contact, spec §12a). Values inside `<participant>`
 * win over loose ones.
 */
function participantArgs(params: Params): Params {
  const nested = params.participant;
  return isParams(nested) ? { ...params, ...nested } : params;
}

const rank = (role: string): number => (ROLES as readonly string[]).indexOf(role);

export class ParticipantsService {
  constructor(private readonly db: Db) {}

  private communication(caller: Caller, id: ParamValue | undefined): Promise<RecordRef> {
    return requireRecord(this.db, caller.accountId, id, [COMMUNICATIONS.type], COMMUNICATIONS.label);
  }

  /**
   * Participants in message-header order (from, to, cc, bcc), each role in the order its contacts
   * were added; optionally of one role (case-insensitive). The order is not documented (spec §10):
   * header order reads naturally and stays stable when two links share a timestamp.
   */
  async list(caller: Caller, id: ParamValue | undefined, params: Params): Promise<ParticipantView[]> {
    const record = await this.communication(caller, id);
    const role = roleParam(params, null);
    const added = (await linksOf(this.db, caller.accountId, [record.id], role ?? undefined)).get(record.id) ?? [];
    const links = [...added].sort((a, b) => rank(a.role) - rank(b.role));
    const names = await contactNames(this.db, caller.accountId, [...new Set(links.map((l) => l.contactId))]);
    return links.map((l) => ({ contactId: l.contactId, name: names.get(l.contactId) ?? '', role: l.role }));
  }

  /** Idempotent: adding a contact again in the same role changes nothing and logs nothing. */
  async add(caller: Caller, id: ParamValue | undefined, params: Params): Promise<void> {
    const args = participantArgs(params);
    const record = await this.communication(caller, id);
    const contact = await requireContact(this.db, caller, args);
    // A client that names no role gets `to`, the commonest (spec §10 lists roles, not a default).
    const role = roleParam(args, 'to') ?? 'to';
    const name = await this.contactName(caller, contact.id);
    await this.db.transaction().execute(async (trx) => {
      if (await hasParticipant(trx, caller.accountId, record.id, contact.id, role)) return;
      await addLink(trx, caller.accountId, record.id, contact.id, role);
      await recordChanged(trx, caller, record, 'Participant added', `${name} (${role})`);
    });
  }

  /** Without a role every role of the contact goes. Removing a non-participant is a no-op (as remove_tag). */
  async remove(caller: Caller, id: ParamValue | undefined, params: Params): Promise<void> {
    const args = participantArgs(params);
    const record = await this.communication(caller, id);
    const contact = await requireContact(this.db, caller, args);
    const role = roleParam(args, null);
    const name = await this.contactName(caller, contact.id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await hasParticipant(trx, caller.accountId, record.id, contact.id, role))) return;
      await removeLink(trx, caller.accountId, record.id, contact.id, role);
      await recordChanged(trx, caller, record, 'Participant removed', role === null ? name : `${name} (${role})`);
    });
  }

  private async contactName(caller: Caller, contactId: number): Promise<string> {
    return (await contactNames(this.db, caller.accountId, [contactId])).get(contactId) ?? String(contactId);
  }
}
