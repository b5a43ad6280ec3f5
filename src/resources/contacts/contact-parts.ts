// What people and companies embed (spec §2, §3): tags, locations and comments, loaded for a
// whole batch of records at once so that lists and exports make a fixed number of queries.
import type { Db } from '../../storage/db.js';
import { loadComments, type CommentView } from '../comments/comments.repository.js';
import { loadLocations } from '../locations/locations.repository.js';
import type { LocationView } from '../locations/locations.presenter.js';
import { loadTags, type TagView } from '../tags/tags.repository.js';

export interface ContactParts {
  tags: TagView[];
  locations: LocationView[];
  comments: CommentView[];
}

export type PartsOf = (id: number) => ContactParts;

export async function loadContactParts(db: Db, accountId: number, ids: number[]): Promise<PartsOf> {
  if (ids.length === 0) return () => ({ tags: [], locations: [], comments: [] });
  const [tags, locations, comments] = [
    await loadTags(db, accountId, ids),
    await loadLocations(db, accountId, ids),
    await loadComments(db, accountId, ids),
  ];
  return (id) => ({ tags: tags.get(id) ?? [], locations: locations.get(id) ?? [], comments: comments.get(id) ?? [] });
}
