// `<record>` of spec §12: any record type by id, with the Classic type name; tombstones also
// carry `deleted_at` (inferred, Ruby time like the records' own timestamps, spec §1.7).
import { formatRubyTime } from '../../codec/dates.js';
import { el, int, str, type XNode } from '../../codec/node.js';
import type { RecordType } from '../../storage/schema.js';
import { CLASSIC_TYPE } from './collections.js';

export interface RecordView {
  id: number;
  type: RecordType;
  displayName: string;
  /** set for deleted records (`deleted_since`) */
  deletedAt?: string;
}

export function recordNode(v: RecordView): XNode {
  const children = [int('id', v.id), str('display_name', v.displayName), str('record_type', CLASSIC_TYPE[v.type])];
  if (v.deletedAt !== undefined) children.push(str('deleted_at', formatRubyTime(v.deletedAt)));
  return el('record', children);
}
