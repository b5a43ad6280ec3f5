// Comments ("mega comments", spec §8) with their author's display name.
import type { Db } from '../../storage/db.js';
import { idSet, prepared, selectRows } from '../../storage/prepared.js';

export interface CommentView {
  id: number;
  recordId: number;
  comment: string;
  userName: string;
  createdAt: string;
}

function base(db: Db, accountId: number) {
  return db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.user_id')
    .select([
      'comments.id as id',
      'comments.record_id as recordId',
      'comments.comment as comment',
      'users.name as userName',
      'comments.created_at as createdAt',
    ])
    .where('comments.account_id', '=', accountId);
}

export async function findComment(db: Db, accountId: number, id: number): Promise<CommentView | undefined> {
  return base(db, accountId).where('comments.id', '=', id).executeTakeFirst();
}

export async function listComments(
  db: Db,
  accountId: number,
  recordId: number | null,
  offset: number,
  limit: number,
): Promise<CommentView[]> {
  let q = base(db, accountId);
  if (recordId !== null) q = q.where('comments.record_id', '=', recordId);
  return q.orderBy('comments.id').limit(limit).offset(offset).execute();
}

/** One record's comments (a single person or company shown), built once. */
const commentsOfOne = prepared((db: Db, accountId: number, recordId: number) => base(db, accountId).where('comments.record_id', '=', recordId).orderBy('comments.id'));

export async function loadComments(db: Db, accountId: number, recordIds: number[]): Promise<Map<number, CommentView[]>> {
  const out = new Map<number, CommentView[]>();
  for (let i = 0; i < recordIds.length; i += 500) {
    const ids = recordIds.slice(i, i + 500);
    const rows =
      ids.length === 1
        ? await commentsOfOne(db, accountId, ids[0] as number)
        : await selectRows(db, base(db, accountId).where('comments.record_id', 'in', idSet(ids)).orderBy('comments.id'));
    for (const r of rows) {
      const list = out.get(r.recordId);
      if (list) list.push(r);
      else out.set(r.recordId, [r]);
    }
  }
  return out;
}
