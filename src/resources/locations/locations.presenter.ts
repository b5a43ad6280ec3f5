// `<location>` (spec §5): id first — the .NET reader requires it.
import { bool, el, int, str, type XNode } from '../../codec/node.js';
import type { LocationRow } from '../../storage/schema.js';

/** The columns a `<location>` shows (lists load just these: fewer columns, cheaper rows). */
export const LOCATION_VIEW_COLUMNS = [
  'id', 'record_id', 'label', 'is_primary', 'email', 'website', 'phone', 'cell', 'fax',
  'street_1', 'street_2', 'city', 'state', 'postal_code', 'country',
] as const;

export type LocationView = Pick<LocationRow, (typeof LOCATION_VIEW_COLUMNS)[number]>;

export function locationNode(l: LocationView): XNode {
  return el('location', [
    int('id', l.id),
    str('label', l.label),
    bool('primary', l.is_primary === 1),
    str('email', l.email),
    str('website', l.website),
    str('phone', l.phone),
    str('cell', l.cell),
    str('fax', l.fax),
    str('street_1', l.street_1),
    str('street_2', l.street_2),
    str('city', l.city),
    str('state', l.state),
    str('postal_code', l.postal_code),
    str('country', l.country),
  ]);
}
