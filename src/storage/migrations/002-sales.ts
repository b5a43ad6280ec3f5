// Deals, to-dos, communications, the links between records and contacts, affiliations, lists,
// recent activity, and the text index behind `records.xml?qtext=`.
import type { Kysely } from 'kysely';
import { autoId, dialectOf } from '../db.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const d = dialectOf(db);
  await db.schema
    .createTable('deals')
    .addColumn('id', 'integer', (c) => c.primaryKey().references('records.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('deal_with_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assigned_to_user_id', 'integer')
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deals_account').on('deals').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('deals_updated').on('deals').columns(['account_id', 'updated_at']).execute();

  await db.schema
    .createTable('todos')
    .addColumn('id', 'integer', (c) => c.primaryKey().references('records.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('due_date', 'text')
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_by_user_id', 'integer')
    .addColumn('assigned_to_user_id', 'integer')
    .addColumn('deal_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('todos_account').on('todos').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('todos_assignee').on('todos').columns(['account_id', 'assigned_to_user_id']).execute();
  await db.schema.createIndex('todos_deal').on('todos').columns(['deal_id']).execute();

  await db.schema
    .createTable('communications')
    .addColumn('id', 'integer', (c) => c.primaryKey().references('records.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('ctype', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communications_account').on('communications').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('communications_deal').on('communications').columns(['deal_id']).execute();

  // Contacts linked to a record: a to-do's participants, a deal's attached contacts, a
  // communication's participants (with role to/from/cc/bcc; '' where roles do not apply).
  await db.schema
    .createTable('record_contacts')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_contacts_pk', ['record_id', 'contact_id', 'role'])
    .execute();
  await db.schema.createIndex('record_contacts_contact').on('record_contacts').columns(['contact_id', 'record_id']).execute();

  await db.schema
    .createTable('affiliations')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('company_id', 'integer', (c) => c.notNull())
    .addColumn('job_title', 'text')
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('affiliations_person_company', ['person_id', 'company_id'])
    .execute();
  await db.schema.createIndex('affiliations_company').on('affiliations').columns(['company_id']).execute();

  await db.schema
    .createTable('lists')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lists_account').on('lists').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('list_members')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('list_id', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_members_pk', ['list_id', 'record_id'])
    .execute();
  await db.schema.createIndex('list_members_record').on('list_members').columns(['record_id']).execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_account').on('activities').columns(['account_id', 'id']).execute();

  // One row of lower-cased searchable text per record, kept by the application on every write.
  await db.schema
    .createTable('search_index')
    .addColumn('record_id', 'integer', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_index_account').on('search_index').columns(['account_id', 'record_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['search_index', 'activities', 'list_members', 'lists', 'affiliations', 'record_contacts', 'communications', 'todos', 'deals']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
