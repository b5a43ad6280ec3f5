// Lists (spec §14). The index calls the list's name `name`, the show document calls it `title`:
// both kept as documented. The show's `<contacts>` has no type attribute in the docs (like the
// deal's attached_* lists, spec §11), hence list() rather than arr().
import { arr, el, int, list, str, type XNode } from '../../codec/node.js';
import type { ListRow } from '../../storage/schema.js';
import { CLASSIC_TYPE } from '../records/collections.js';
import type { ListMember } from './lists.repository.js';

export interface ListSummary {
  row: ListRow;
  numRecords: number;
}

export interface ListView extends ListSummary {
  members: ListMember[];
}

export function listIndexNode(v: ListSummary): XNode {
  return el('list', [int('id', v.row.id), str('name', v.row.name), str('description', v.row.description), int('num_records', v.numRecords)]);
}

function contactNode(m: ListMember): XNode {
  return el('contact', [int('id', m.id), str('name', m.name), str('type', CLASSIC_TYPE[m.type])]);
}

export function listShowNode(v: ListView): XNode {
  return el('list', [int('id', v.row.id), str('title', v.row.name), str('description', v.row.description), list('contacts', v.members.map(contactNode))]);
}

/**
 * The JSON admin API's list (not a Classic document): the input names, the count and — for one
 * list, not in the index — its members.
 */
export function listAdminNode(v: ListSummary | ListView): XNode {
  return el('list', [
    int('id', v.row.id),
    str('name', v.row.name),
    str('description', v.row.description),
    int('num_records', v.numRecords),
    ...('members' in v ? [arr('contacts', v.members.map(contactNode))] : []),
    // ISO-8601: a new API, free of the Classic date formats (spec §1.7).
    str('created_at', v.row.created_at),
    str('updated_at', v.row.updated_at),
  ]);
}
