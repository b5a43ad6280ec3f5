// Recent activity (spec §16).
import type { Db } from '../../storage/db.js';

export class ActivitiesService {
  constructor(readonly db: Db) {}
}
