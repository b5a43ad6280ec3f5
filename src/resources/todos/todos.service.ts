// To-dos (spec §9).
import type { Db } from '../../storage/db.js';

export class TodosService {
  constructor(readonly db: Db) {}
}
