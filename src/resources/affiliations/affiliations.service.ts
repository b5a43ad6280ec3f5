// Affiliations (spec §13).
import type { Db } from '../../storage/db.js';

export class AffiliationsService {
  constructor(readonly db: Db) {}
}
