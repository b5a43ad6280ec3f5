// Comments on records (spec §8): nested and flat routes; author = the token's user.
import { integerId, page, section, text } from '../../codec/input.js';
import { isParams, type Params, type ParamValue } from '../../codec/params.js';
import { nowIso } from '../../codec/dates.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { Caller } from '../accounts/accounts.service.js';
import { COMMENTABLE_COLLECTIONS, type RecordCollection } from '../records/collections.js';
import { findParent, requireRecord, type RecordRef } from '../records/records.service.js';
import { recordChanged } from '../records/record-events.js';
import { recordTypeOf } from '../records/records.repository.js';
import { findComment, listComments, type CommentView } from './comments.repository.js';

const ALL = { offset: 0, limit: 1_000_000_000 };
const COMMENTABLE_TYPES = COMMENTABLE_COLLECTIONS.map((c) => c.type);

/**
 * The comment text from `<comment><comment>t</comment></comment>`, `<comment>t</comment>`,
 * `comment[comment]=t`, `comment=t` (or the same under `mega_comment`).
 */
function commentText(params: Params): string | undefined {
  for (const root of ['comment', 'mega_comment']) {
    const v = params[root];
    if (typeof v === 'string') return v;
    if (isParams(v)) {
      const inner = text(v, 'comment');
      if (typeof inner === 'string') return inner;
    }
  }
  return undefined;
}

/** The start of a comment, for the activity description. */
function snippet(comment: string): string {
  return comment.length > 60 ? `${comment.slice(0, 57)}...` : comment;
}

function requireText(params: Params): string {
  const t = commentText(params)?.trim() ?? '';
  if (t === '') throw new InvalidRecordError(["Comment can't be blank"]);
  return t;
}

export class CommentsService {
  constructor(private readonly db: Db) {}

  private record(caller: Caller, collection: RecordCollection, id: ParamValue | undefined): Promise<RecordRef> {
    return requireRecord(this.db, caller.accountId, id, [collection.type], collection.label);
  }

  /**
   * The parent named by `person_id`/`company_id`/… in a flat route, or null when none is given.
   * The gem puts it in the query string; a client that sends it as an attribute of the comment
   * (`<comment><person_id>`, `{"comment":{"person_id":…}}` from JSON ActiveResource) names a
   * parent just as well, so that is not "no parent" (422).
   */
  private async parentFromParams(caller: Caller, params: Params): Promise<RecordRef | null> {
    for (const scope of [params, section(params, 'comment'), section(params, 'mega_comment')]) {
      const parent = await findParent(this.db, caller.accountId, scope, COMMENTABLE_TYPES);
      if (parent) return parent;
    }
    return null;
  }

  async show(caller: Caller, id: ParamValue | undefined, parent?: RecordRef): Promise<CommentView> {
    const n = integerId(id);
    const found = n === null ? undefined : await findComment(this.db, caller.accountId, n);
    if (!found || (parent && found.recordId !== parent.id)) throw new NotFoundError('Comment');
    return found;
  }

  /**
   * Flat show. The gem's `person.comment(id)` is `GET /service/comments/{id}.xml?person_id=N`:
   * a named parent scopes the lookup like the nested show (404 for another record's comment).
   */
  async showFlat(caller: Caller, id: ParamValue | undefined, params: Params): Promise<CommentView> {
    return this.show(caller, id, (await this.parentFromParams(caller, params)) ?? undefined);
  }

  async showNested(caller: Caller, collection: RecordCollection, recordId: ParamValue | undefined, id: ParamValue | undefined): Promise<CommentView> {
    return this.show(caller, id, await this.record(caller, collection, recordId));
  }

  /** `comments.xml?page=N` (10 per page), optionally one record's (`person_id=` …). */
  /**
   * `comments.xml?page=N` (10 per page). One record's comments (`person_id=` …) without `page`
   * are all of them, as the nested list: the gem's `person.comments` sends no page and would
   * otherwise never see past the tenth comment.
   */
  async listFlat(caller: Caller, params: Params): Promise<CommentView[]> {
    const parent = await this.parentFromParams(caller, params);
    const paging = parent && params.page === undefined ? ALL : page(params);
    return listComments(this.db, caller.accountId, parent?.id ?? null, paging.offset, paging.limit);
  }

  async listNested(caller: Caller, collection: RecordCollection, recordId: ParamValue | undefined, params: Params): Promise<CommentView[]> {
    const record = await this.record(caller, collection, recordId);
    const paging = params.page === undefined ? ALL : page(params);
    return listComments(this.db, caller.accountId, record.id, paging.offset, paging.limit);
  }

  async create(caller: Caller, record: RecordRef, params: Params): Promise<CommentView> {
    const comment = requireText(params);
    const now = nowIso();
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('comments')
        .values({ account_id: caller.accountId, record_id: record.id, user_id: caller.userId, comment, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordChanged(trx, caller, record, 'Comment added', snippet(comment));
      return inserted;
    });
    return this.show(caller, String(row.id));
  }

  async createNested(caller: Caller, collection: RecordCollection, recordId: ParamValue | undefined, params: Params): Promise<CommentView> {
    return this.create(caller, await this.record(caller, collection, recordId), params);
  }

  /** The gem's `POST /service/comments.xml?person_id=N`; 422 when no parent is named. */
  async createFlat(caller: Caller, params: Params): Promise<CommentView> {
    const parent = await this.parentFromParams(caller, params);
    if (!parent) throw new InvalidRecordError(['A comment needs a record: give person_id, company_id, deal_id, todo_id or communication_id']);
    return this.create(caller, parent, params);
  }

  async update(caller: Caller, id: ParamValue | undefined, params: Params, parent?: RecordRef): Promise<CommentView> {
    const existing = await this.show(caller, id, parent);
    const comment = requireText(params);
    const owner = await this.owner(caller, existing);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('comments').set({ comment, updated_at: nowIso() }).where('id', '=', existing.id).where('account_id', '=', caller.accountId).execute();
      await recordChanged(trx, caller, owner, 'Comment updated', snippet(comment));
    });
    return this.show(caller, String(existing.id));
  }

  async remove(caller: Caller, id: ParamValue | undefined, parent?: RecordRef): Promise<void> {
    const existing = await this.show(caller, id, parent);
    const owner = await this.owner(caller, existing);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('comments').where('id', '=', existing.id).where('account_id', '=', caller.accountId).execute();
      await recordChanged(trx, caller, owner, 'Comment deleted', snippet(existing.comment));
    });
  }

  /** The record a comment hangs off. Read before a transaction starts: the SQLite handle has one connection. */
  private async owner(caller: Caller, c: CommentView): Promise<RecordRef> {
    return { id: c.recordId, type: (await recordTypeOf(this.db, caller.accountId, c.recordId)) ?? 'person' };
  }

  async parent(caller: Caller, collection: RecordCollection, recordId: ParamValue | undefined): Promise<RecordRef> {
    return this.record(caller, collection, recordId);
  }
}
