// `<communication>` and `<participant>` (spec §10). Element order is fixed: the .NET client reads
// positionally. The document carries no participants: they have their own custom method.
import { arr, el, int, str, type XNode } from '../../codec/node.js';
import { formatOffsetTime, formatRubyTime } from '../../codec/dates.js';
import type { CommunicationRow } from '../../storage/schema.js';
import type { CommentView } from '../comments/comments.repository.js';
import { commentNode } from '../comments/comments.presenter.js';
import type { PresentOptions } from '../present-options.js';
import type { TagView } from '../tags/tags.repository.js';
import { recordTagNode } from '../tags/tags.presenter.js';

export interface CommunicationView {
  row: CommunicationRow;
  tags: TagView[];
  comments: CommentView[];
}

export interface ParticipantView {
  contactId: number;
  name: string;
  role: string;
}

/** Stored lower-case; written capitalised as the docs show (`Email`, `Note`, `Phone`, `Chat`, spec §10). */
export function capitalisedCtype(ctype: string): string {
  return ctype.charAt(0).toUpperCase() + ctype.slice(1);
}

export function communicationNode(v: CommunicationView, opts: PresentOptions): XNode {
  const m = v.row;
  return el('communication', [
    int('id', m.id),
    str('subject', m.subject),
    str('body', m.body),
    str('date', formatOffsetTime(m.date)),
    str('ctype', capitalisedCtype(m.ctype)),
    arr('tags', v.tags.map((t) => recordTagNode(t, opts))),
    arr('mega_comments', v.comments.map(commentNode)),
    str('created_at', formatRubyTime(m.created_at)),
    str('updated_at', formatRubyTime(m.updated_at)),
  ]);
}

/** One contact in one role; the shape the .NET client parses (spec §10). */
export function participantNode(p: ParticipantView): XNode {
  return el('participant', [str('name', p.name), int('contact_id', p.contactId), str('role', p.role)]);
}
