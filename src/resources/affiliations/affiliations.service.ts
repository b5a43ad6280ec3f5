// Affiliations (spec §13): read-only history of a person's companies. The rows are written by
// people.service through syncAffiliation whenever a person's company or title changes, and
// removed with either side (records.repository removeRecord).
import { text } from '../../codec/input.js';
import type { Params } from '../../codec/params.js';
import { InvalidRecordError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { AffiliationRow } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { COMPANIES, PEOPLE, type RecordCollection } from '../records/collections.js';
import { requireRecord } from '../records/records.service.js';
import { listAffiliations } from './affiliations.repository.js';

const given = (params: Params, key: string): string | undefined => {
  const v = text(params, key);
  return v === undefined || v === null || v.trim() === '' ? undefined : v.trim();
};

export class AffiliationsService {
  constructor(private readonly db: Db) {}

  /**
   * The gem's `affiliations.xml?person_id=` / `?company_id=`. One of them is required (422);
   * both together narrow to that pair. Unknown or other-account ids answer 404.
   */
  async list(caller: Caller, params: Params): Promise<AffiliationRow[]> {
    const person = given(params, 'person_id');
    const company = given(params, 'company_id');
    if (person === undefined && company === undefined) throw new InvalidRecordError(['Give person_id or company_id']);
    const by: { personId?: number; companyId?: number } = {};
    if (person !== undefined) by.personId = (await requireRecord(this.db, caller.accountId, person, ['person'], 'Person')).id;
    if (company !== undefined) by.companyId = (await requireRecord(this.db, caller.accountId, company, ['company'], 'Company')).id;
    return listAffiliations(this.db, caller.accountId, by);
  }

  /** `people/{id}/affiliations.xml`, `companies/{id}/affiliations.xml` (inferred routes, spec §2/§3). */
  async ofContact(caller: Caller, collection: RecordCollection, id: string): Promise<AffiliationRow[]> {
    const ref = await requireRecord(this.db, caller.accountId, id, [collection.type], collection.label);
    return listAffiliations(this.db, caller.accountId, collection === PEOPLE ? { personId: ref.id } : { companyId: ref.id });
  }
}

export const AFFILIATED_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES];
