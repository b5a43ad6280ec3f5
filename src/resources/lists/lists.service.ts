// Lists (spec §14).
import type { Db } from '../../storage/db.js';

export class ListsService {
  constructor(readonly db: Db) {}
}
