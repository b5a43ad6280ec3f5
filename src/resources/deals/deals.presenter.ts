// `<deal>` and `<statuses>` (spec §11). Element order is fixed: the .NET client reads positionally.
import { arr, el, int, list, str, type XNode } from '../../codec/node.js';
import { formatRubyTime } from '../../codec/dates.js';
import type { DealRow } from '../../storage/schema.js';
import type { CommentView } from '../comments/comments.repository.js';
import { commentNode } from '../comments/comments.presenter.js';
import type { PresentOptions } from '../present-options.js';
import { recordTagNode } from '../tags/tags.presenter.js';
import type { TagView } from '../tags/tags.repository.js';
import { DEAL_STATUSES, formatAmount } from './deals.input.js';

export interface DealView {
  row: DealRow;
  /** display name of the contact the deal is with */
  dealWith: string | null;
  /** display name of the assigned user */
  assignedTo: string | null;
  communicationIds: number[];
  contactIds: number[];
  todoIds: number[];
  tags: TagView[];
  comments: CommentView[];
}

export function dealNode(v: DealView, opts: PresentOptions): XNode {
  const d = v.row;
  return el('deal', [
    int('id', d.id),
    str('title', d.title),
    str('description', d.description),
    str('deal_with', v.dealWith),
    // Untyped and `0` when none: the .NET client parses a number here (spec §11).
    str('deal_with_id', String(d.deal_with_id ?? 0)),
    str('status', d.status),
    str('assigned_to', v.assignedTo),
    str('amount', formatAmount(d.amount_cents)),
    // The documented skeleton gives these three lists no `type` attribute (spec §11).
    list('attached_communications', v.communicationIds.map((id) => int('attached_communication_id', id))),
    list('attached_contacts', v.contactIds.map((id) => int('attached_contacts_id', id))),
    list('todos', v.todoIds.map((id) => int('todo_id', id))),
    arr('tags', v.tags.map((t) => recordTagNode(t, opts))),
    arr('mega_comments', v.comments.map(commentNode)),
    str('created_at', formatRubyTime(d.created_at)),
    str('updated_at', formatRubyTime(d.updated_at)),
  ]);
}

export function statusNodes(): XNode[] {
  return DEAL_STATUSES.map((s) => str('status', s));
}
