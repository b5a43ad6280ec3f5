// `<todo>` (spec §9). Element order is fixed: the .NET client reads positionally (spec §1.5).
import { arr, bool, el, int, str, type XNode } from '../../codec/node.js';
import { formatOffsetTime, formatRubyTime } from '../../codec/dates.js';
import type { TodoRow } from '../../storage/schema.js';
import { commentNode } from '../comments/comments.presenter.js';
import type { CommentView } from '../comments/comments.repository.js';
import type { PresentOptions } from '../present-options.js';
import { recordTagNode } from '../tags/tags.presenter.js';
import type { TagView } from '../tags/tags.repository.js';

export interface TodoView {
  row: TodoRow;
  /** display names of the users; null when the user no longer exists */
  assignedBy: string | null;
  assignedTo: string | null;
  /** related contacts (spec §12a), shown as participants */
  participants: number[];
  tags: TagView[];
  comments: CommentView[];
}

export function todoNode(v: TodoView, opts: PresentOptions): XNode {
  const t = v.row;
  return el('todo', [
    int('id', t.id),
    str('title', t.title),
    str('description', t.description),
    // §1.7: due dates use the numeric-offset format, empty when the to-do has none.
    str('due_date', t.due_date === null ? null : formatOffsetTime(t.due_date)),
    bool('flagged', t.flagged === 1),
    bool('complete', t.complete === 1),
    str('assigned_by', v.assignedBy),
    str('assigned_to', v.assignedTo),
    arr('participants', v.participants.map((id) => int('participant_id', id))),
    arr('tags', v.tags.map((tag) => recordTagNode(tag, opts))),
    arr('mega_comments', v.comments.map(commentNode)),
    str('created_at', formatRubyTime(t.created_at)),
    str('updated_at', formatRubyTime(t.updated_at)),
  ]);
}
