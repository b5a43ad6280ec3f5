// `<location>` (spec §5): id first — the .NET reader requires it.
import { bool, el, int, str, type XNode } from '../../codec/node.js';
import type { LocationRow } from '../../storage/schema.js';

export function locationNode(l: LocationRow): XNode {
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
