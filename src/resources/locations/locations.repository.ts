// Locations of a record, identified within it by label (case-insensitive, unique per record —
// enforced by the unique (record_id, label_key) constraint).
import type { Db } from '../../storage/db.js';
import { idSet, selectRows } from '../../storage/prepared.js';
import { LOCATION_VIEW_COLUMNS, type LocationView } from './locations.presenter.js';
import type { LocationRow, LocationUpdate } from '../../storage/schema.js';

export async function locationsOf(db: Db, accountId: number, recordId: number): Promise<LocationRow[]> {
  return db
    .selectFrom('locations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('record_id', '=', recordId)
    .orderBy('id')
    .execute();
}

export async function findLocation(db: Db, accountId: number, recordId: number, labelKey: string): Promise<LocationRow | undefined> {
  return db
    .selectFrom('locations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('record_id', '=', recordId)
    .where('label_key', '=', labelKey)
    .executeTakeFirst();
}

export async function updateLocation(db: Db, id: number, changes: LocationUpdate): Promise<void> {
  await db.updateTable('locations').set(changes).where('id', '=', id).execute();
}

export async function deleteLocation(db: Db, id: number): Promise<void> {
  await db.deleteFrom('locations').where('id', '=', id).execute();
}

/** `primary=true` on one location clears it on the record's others (spec §5). */
export async function clearOtherPrimaries(db: Db, accountId: number, recordId: number, keepLabelKey: string): Promise<void> {
  await db
    .updateTable('locations')
    .set({ is_primary: 0 })
    .where('account_id', '=', accountId)
    .where('record_id', '=', recordId)
    .where('label_key', '!=', keepLabelKey)
    .execute();
}

/** Locations of many records at once (for lists and exports — no N+1; one record: contact-parts.ts). */
export async function loadLocations(db: Db, accountId: number, recordIds: number[]): Promise<Map<number, LocationView[]>> {
  const out = new Map<number, LocationView[]>();
  for (let i = 0; i < recordIds.length; i += 500) {
    const rows = await selectRows(
      db,
      db
        .selectFrom('locations')
        .select(LOCATION_VIEW_COLUMNS)
        .where('account_id', '=', accountId)
        .where('record_id', 'in', idSet(recordIds.slice(i, i + 500)))
        // (record_id, id) follows the index: no sort step; within a record the order is by id.
        .orderBy('record_id')
        .orderBy('id'),
    );
    for (const r of rows) {
      const list = out.get(r.record_id);
      if (list) list.push(r);
      else out.set(r.record_id, [r]);
    }
  }
  return out;
}
