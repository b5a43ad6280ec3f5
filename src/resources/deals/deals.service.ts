// Deals (spec §11).
import type { Db } from '../../storage/db.js';

export class DealsService {
  constructor(readonly db: Db) {}
}
