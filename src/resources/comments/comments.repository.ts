// Comments ("mega comments", spec §8) with their author's display name.
import type { Db } from '../../storage/db.js';

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

export async function loadComments(db: Db, accountId: number, recordIds: number[]): Promise<Map<number, CommentView[]>> {
  const out = new Map<number, CommentView[]>();
  for (let i = 0; i < recordIds.length; i += 500) {
    const rows = await base(db, accountId)
      .where('comments.record_id', 'in', recordIds.slice(i, i + 500))
      .orderBy('comments.id')
      .execute();
    for (const r of rows) out.set(r.recordId, [...(out.get(r.recordId) ?? []), r]);
  }
  return out;
}
