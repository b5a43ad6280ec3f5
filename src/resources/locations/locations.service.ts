// Locations (spec §5): addresses, phones and e-mails of people and companies, by label.
import { boolean, section, text } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { nowIso } from '../../codec/dates.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import { foldKey, type Db } from '../../storage/db.js';
import type { LocationRow, LocationUpdate } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { CONTACT_COLLECTIONS, type RecordCollection } from '../records/collections.js';
import { recordChanged } from '../records/record-events.js';
import { requireRecord, type RecordRef } from '../records/records.service.js';
import {
  clearOtherPrimaries,
  deleteLocation,
  findLocation,
  locationsOf,
  updateLocation,
} from './locations.repository.js';

const TEXT_FIELDS = [
  'email', 'website', 'phone', 'cell', 'fax', 'street_1', 'street_2', 'city', 'state', 'postal_code', 'country',
] as const;

/** Labels arrive URL-encoded in paths, with `+` for spaces (spec §5). */
export function labelKey(label: string): string {
  return foldKey(label.replace(/\+/g, ' '));
}

/** The changes a `location[...]` input asks for; absent keys are left unchanged. */
function changesFrom(input: Params): LocationUpdate {
  const changes: LocationUpdate = {};
  for (const f of TEXT_FIELDS) {
    const v = text(input, f);
    if (v !== undefined) changes[f] = v === '' ? null : v;
  }
  if (changes.email !== undefined) changes.email_key = changes.email === null ? null : foldKey(changes.email);
  if (changes.state !== undefined) changes.state_key = changes.state === null ? null : foldKey(changes.state);
  const primary = boolean(input, 'primary', 'Primary');
  if (primary !== undefined) changes.is_primary = primary ? 1 : 0;
  return changes;
}

export class LocationsService {
  constructor(private readonly db: Db) {}

  private record(caller: Caller, collection: RecordCollection, id: ParamValue | undefined): Promise<RecordRef> {
    return requireRecord(this.db, caller.accountId, id, [collection.type], collection.label);
  }

  /** `?label=X` filters to that label; an unknown label gives an empty array (gem). */
  async list(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, params: Params): Promise<LocationRow[]> {
    return this.listFor(caller, await this.record(caller, collection, id), params);
  }

  private async listFor(caller: Caller, record: RecordRef, params: Params): Promise<LocationRow[]> {
    const rows = await locationsOf(this.db, caller.accountId, record.id);
    const label = text(params, 'label');
    return label ? rows.filter((r) => r.label_key === labelKey(label)) : rows;
  }

  /** Legacy gem 1.0.2: `GET /service/locations.xml?contact_id=N[&label=X]`. */
  async listLegacy(caller: Caller, params: Params): Promise<LocationRow[]> {
    const types = CONTACT_COLLECTIONS.map((c) => c.type);
    return this.listFor(caller, await requireRecord(this.db, caller.accountId, params.contact_id, types, 'Contact'), params);
  }

  async show(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, label: string): Promise<LocationRow> {
    const record = await this.record(caller, collection, id);
    const row = await findLocation(this.db, caller.accountId, record.id, labelKey(label));
    if (!row) throw new NotFoundError('Location');
    return row;
  }

  /**
   * POST: create, or — when the label exists — update that location instead (spec §5). One
   * upsert statement, so concurrent posts of one label cannot make two locations.
   */
  async upsert(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, params: Params): Promise<LocationRow> {
    const record = await this.record(caller, collection, id);
    const input = section(params, 'location');
    const label = (text(input, 'label') ?? '').trim() || 'home';
    const key = labelKey(label);
    const changes = changesFrom(input);
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('locations')
        .values({
          account_id: caller.accountId,
          record_id: record.id,
          label,
          label_key: key,
          is_primary: 0,
          created_at: now,
          ...changes,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['record_id', 'label_key']).doUpdateSet({ ...changes, updated_at: now }))
        .execute();
      if (changes.is_primary === 1) await clearOtherPrimaries(trx, caller.accountId, record.id, key);
      await recordChanged(trx, caller, record);
    });
    return (await findLocation(this.db, caller.accountId, record.id, key)) as LocationRow;
  }

  /** PUT by label; a new `label` in the body renames the location. */
  async update(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, label: string, params: Params): Promise<LocationRow> {
    const existing = await this.show(caller, collection, id, label);
    const input = section(params, 'location');
    const changes = changesFrom(input);
    const newLabel = (text(input, 'label') ?? '').trim();
    // A given label is applied even when only its case differs (`work` → `Work`): it is a field the
    // client asked to change. Only a label whose key belongs to another location is refused.
    if (newLabel !== '' && newLabel !== existing.label) {
      const newKey = labelKey(newLabel);
      if (newKey !== existing.label_key && (await findLocation(this.db, caller.accountId, existing.record_id, newKey))) {
        throw new InvalidRecordError([`Label ${newLabel} is already used by another location`]);
      }
      changes.label = newLabel;
      changes.label_key = newKey;
    }
    const key = changes.label_key ?? existing.label_key;
    await this.db.transaction().execute(async (trx) => {
      await updateLocation(trx, existing.id, { ...changes, updated_at: nowIso() });
      if (changes.is_primary === 1) await clearOtherPrimaries(trx, caller.accountId, existing.record_id, key);
      await recordChanged(trx, caller, { id: existing.record_id, type: collection.type });
    });
    return (await findLocation(this.db, caller.accountId, existing.record_id, key)) as LocationRow;
  }

  async remove(caller: Caller, collection: RecordCollection, id: ParamValue | undefined, label: string): Promise<void> {
    const existing = await this.show(caller, collection, id, label);
    await this.db.transaction().execute(async (trx) => {
      await deleteLocation(trx, existing.id);
      await recordChanged(trx, caller, { id: existing.record_id, type: collection.type });
    });
  }
}
