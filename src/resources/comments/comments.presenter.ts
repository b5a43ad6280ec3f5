// `<mega_comment>` (spec §8): created_at typed datetime in the offset format of §1.7.
import { datetime, el, int, str, type XNode } from '../../codec/node.js';
import { formatOffsetTime } from '../../codec/dates.js';
import type { CommentView } from './comments.repository.js';

export function commentNode(c: CommentView): XNode {
  return el('mega_comment', [
    int('id', c.id),
    str('comment', c.comment),
    str('user', c.userName),
    datetime('created_at', formatOffsetTime(c.createdAt)),
    int('record_id', c.recordId),
  ]);
}
