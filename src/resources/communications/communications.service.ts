// Communications (spec §10).
import type { Db } from '../../storage/db.js';

export class CommunicationsService {
  constructor(readonly db: Db) {}
}
