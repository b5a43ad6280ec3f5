// `<company>` (spec §3). Element order is fixed: the .NET client reads positionally.
import { el, int, str, type XNode } from '../../codec/node.js';
import { formatRubyTime } from '../../codec/dates.js';
import type { CompanyRow } from '../../storage/schema.js';
import type { ContactParts } from '../contacts/contact-parts.js';
import { contactPartNodes } from '../contacts/contact-parts.presenter.js';
import type { PresentOptions } from '../present-options.js';

export interface CompanyView {
  row: CompanyRow;
  parts: ContactParts;
}

export function companyNode(v: CompanyView, opts: PresentOptions): XNode {
  const c = v.row;
  return el('company', [
    int('id', c.id),
    str('name', c.name),
    str('notes', c.notes),
    str('small_image', c.small_image),
    str('large_image', c.large_image),
    ...contactPartNodes(v.parts, opts),
    str('created_at', formatRubyTime(c.created_at)),
    str('updated_at', formatRubyTime(c.updated_at)),
  ]);
}
