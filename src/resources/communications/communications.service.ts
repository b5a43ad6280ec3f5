// Communications (spec §10): create, update, delete, show, and the list with its combinable
// filters, streamed in batches. Participants are handled by ParticipantsService.
import type { Updateable } from 'kysely';
import { integerId, paging, section } from '../../codec/input.js';
import type { Params, ParamValue } from '../../codec/params.js';
import { nowIso } from '../../codec/dates.js';
import { InvalidRecordError, NotFoundError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { CommunicationRow, CommunicationsTable } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';
import { loadComments } from '../comments/comments.repository.js';
import { streamViews } from '../records/paginate.js';
import { recordChanged, recordCreated, recordDeleted } from '../records/record-events.js';
import { allocateId, searchRecords } from '../records/records.repository.js';
import { communicationDisplay } from '../records/search-index.js';
import { loadTags } from '../tags/tags.repository.js';
import { communicationConditions } from './communications.filters.js';
import { ctypeField, dateField, optionalText } from './communications.input.js';
import type { CommunicationView } from './communications.presenter.js';
import { deleteCommunication, findCommunication, insertCommunication, updateCommunication } from './communications.repository.js';
import { ParticipantsService } from './participants.service.js';
import { dealIdField, touchDeals } from '../deals/deal-link.js';

/** spec §1.6: communications default to 10 per page. */
export const COMMUNICATIONS_DEFAULT_LIMIT = 10;

export class CommunicationsService {
  readonly participants: ParticipantsService;

  constructor(readonly db: Db) {
    this.participants = new ParticipantsService(db);
  }

  /** Views (tags, comments) for a batch of rows, in a fixed number of queries. */
  async views(accountId: number, rows: CommunicationRow[]): Promise<CommunicationView[]> {
    const ids = rows.map((r) => r.id);
    const tags = await loadTags(this.db, accountId, ids);
    const comments = await loadComments(this.db, accountId, ids);
    return rows.map((row) => ({ row, tags: tags.get(row.id) ?? [], comments: comments.get(row.id) ?? [] }));
  }

  async show(caller: Caller, id: ParamValue | undefined): Promise<CommunicationView> {
    const row = await this.requireRow(caller, id);
    return (await this.views(caller.accountId, [row]))[0] as CommunicationView;
  }

  /** The caller's row with this id (no nested parts: updates and deletes need only the row). */
  private async requireRow(caller: Caller, id: ParamValue | undefined): Promise<CommunicationRow> {
    const n = integerId(id);
    const row = n === null ? undefined : await findCommunication(this.db, caller.accountId, n);
    if (!row) throw new NotFoundError('Communication');
    return row;
  }

  /**
   * The list (spec §10). Filters and the contact are checked here, before the first byte is
   * sent; the returned iterable then reads the database batch by batch.
   */
  async list(caller: Caller, params: Params, scopeContactId?: number): Promise<AsyncIterable<CommunicationView>> {
    const page = paging(params, COMMUNICATIONS_DEFAULT_LIMIT);
    const conditions = await communicationConditions(this.db, caller.accountId, params, scopeContactId);
    const fetch = (afterId: number | null, offset: number, limit: number) =>
      searchRecords(this.db, 'communications', caller.accountId, conditions, afterId, offset, limit);
    return streamViews(fetch, page, (rows) => this.views(caller.accountId, rows));
  }

  async create(caller: Caller, params: Params): Promise<CommunicationView> {
    const input = section(params, 'communication');
    const ctype = ctypeField(input);
    if (ctype === undefined) throw new InvalidRecordError(["Ctype can't be blank"]);
    const date = dateField(input);
    const dealId = (await dealIdField(this.db, caller.accountId, input)) ?? null;
    const now = nowIso();
    const id = await this.db.transaction().execute(async (trx) => {
      const newId = await allocateId(trx, caller.accountId, 'communication');
      await insertCommunication(trx, {
        id: newId,
        account_id: caller.accountId,
        subject: optionalText(input, 'subject') ?? null,
        body: optionalText(input, 'body') ?? null,
        date: date ?? now,
        ctype,
        deal_id: dealId,
        created_at: now,
        updated_at: now,
      });
      await touchDeals(trx, caller.accountId, [dealId]);
      await recordCreated(trx, caller, { id: newId, type: 'communication' });
      return newId;
    });
    return this.show(caller, String(id));
  }

  /** Omitted fields stay unchanged; read-only and nested fields echoed by clients are ignored. */
  async update(caller: Caller, id: ParamValue | undefined, params: Params): Promise<CommunicationView> {
    const existing = await this.requireRow(caller, id);
    const input = section(params, 'communication');
    const changes: Updateable<CommunicationsTable> = {};
    for (const f of ['subject', 'body'] as const) {
      const v = optionalText(input, f);
      if (v !== undefined) changes[f] = v;
    }
    const ctype = ctypeField(input);
    if (ctype !== undefined) changes.ctype = ctype;
    const date = dateField(input);
    if (date !== undefined) changes.date = date;
    const dealId = await dealIdField(this.db, caller.accountId, input);
    if (dealId !== undefined) changes.deal_id = dealId;
    await this.db.transaction().execute(async (trx) => {
      await updateCommunication(trx, caller.accountId, existing.id, { ...changes, updated_at: nowIso() });
      if (dealId !== undefined && dealId !== existing.deal_id) await touchDeals(trx, caller.accountId, [existing.deal_id, dealId]);
      await recordChanged(trx, caller, { id: existing.id, type: 'communication' });
    });
    return this.show(caller, String(existing.id));
  }

  async remove(caller: Caller, id: ParamValue | undefined): Promise<void> {
    const existing = await this.requireRow(caller, id);
    await this.db.transaction().execute(async (trx) => {
      await deleteCommunication(trx, caller.accountId, existing.id);
      await touchDeals(trx, caller.accountId, [existing.deal_id]);
      await recordDeleted(trx, caller, { id: existing.id, type: 'communication' }, communicationDisplay(existing.subject, existing.ctype));
    });
  }
}
