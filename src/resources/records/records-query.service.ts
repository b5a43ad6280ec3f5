// Records: show any record, qtext, deleted_since (spec §12).
import type { Db } from '../../storage/db.js';

export class RecordsQueryService {
  constructor(readonly db: Db) {}
}
