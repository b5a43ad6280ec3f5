// `<person>` (spec §2). Element order is fixed: the .NET client reads positionally.
import { el, int, str, type XNode } from '../../codec/node.js';
import { formatRubyTime } from '../../codec/dates.js';
import type { PersonRow } from '../../storage/schema.js';
import type { ContactParts } from '../contacts/contact-parts.js';
import { contactPartNodes } from '../contacts/contact-parts.presenter.js';
import type { PresentOptions } from '../present-options.js';

export interface PersonView {
  row: PersonRow;
  companyName: string | null;
  parts: ContactParts;
}

export function personNode(v: PersonView, opts: PresentOptions): XNode {
  const p = v.row;
  return el('person', [
    int('id', p.id),
    str('first_name', p.first_name),
    str('last_name', p.last_name),
    str('small_image', p.small_image),
    str('large_image', p.large_image),
    str('title', p.title),
    str('company', v.companyName),
    int('company_id', p.company_id),
    ...contactPartNodes(v.parts, opts),
    str('notes', p.notes),
    str('created_at', formatRubyTime(p.created_at)),
    str('updated_at', formatRubyTime(p.updated_at)),
  ]);
}
