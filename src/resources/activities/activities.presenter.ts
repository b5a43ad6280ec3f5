// `<activity>` of spec §16: child names and order from the .NET parser; `record_id` may be
// empty; `date` in the offset form the .NET client parses (spec §1.7).
import { formatOffsetTime } from '../../codec/dates.js';
import { el, int, str, type XNode } from '../../codec/node.js';
import type { ActivityRow } from '../../storage/schema.js';

export function activityNode(a: ActivityRow): XNode {
  return el('activity', [
    str('name', a.name),
    str('description', a.description),
    str('record_type', a.record_type),
    int('record_id', a.record_id),
    str('user_name', a.user_name),
    int('user_id', a.user_id),
    str('date', formatOffsetTime(a.created_at)),
  ]);
}
