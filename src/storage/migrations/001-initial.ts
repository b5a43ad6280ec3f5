// Accounts, users, the shared id space, contacts and everything that hangs off a record.
import type { Kysely } from 'kysely';
import { autoId, dialectOf } from '../db.js';

// Migrations must not depend on the current schema types, which change over time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const ts = 'text';

export async function up(db: AnyDb): Promise<void> {
  const d = dialectOf(db);
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('users_account_email', ['account_id', 'email_key'])
    .execute();

  await db.schema
    .createTable('records')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('record_type', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('records_account').on('records').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', (c) => c.primaryKey().references('records.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('notes', 'text')
    .addColumn('company_id', 'integer')
    .addColumn('small_image', 'text')
    .addColumn('large_image', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_account').on('people').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('people_company').on('people').columns(['account_id', 'company_id']).execute();
  await db.schema.createIndex('people_updated').on('people').columns(['account_id', 'updated_at']).execute();

  await db.schema
    .createTable('companies')
    .addColumn('id', 'integer', (c) => c.primaryKey().references('records.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('small_image', 'text')
    .addColumn('large_image', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('companies_account').on('companies').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('companies_name').on('companies').columns(['account_id', 'name_key']).execute();
  await db.schema.createIndex('companies_updated').on('companies').columns(['account_id', 'updated_at']).execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('label_key', 'text', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email', 'text')
    .addColumn('email_key', 'text')
    .addColumn('website', 'text')
    .addColumn('phone', 'text')
    .addColumn('cell', 'text')
    .addColumn('fax', 'text')
    .addColumn('street_1', 'text')
    .addColumn('street_2', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('state_key', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('locations_record_label', ['record_id', 'label_key'])
    .execute();
  await db.schema.createIndex('locations_email').on('locations').columns(['account_id', 'email_key']).execute();
  await db.schema.createIndex('locations_state').on('locations').columns(['account_id', 'state_key']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('is_super', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('tags_account_name', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('super_tag_fields')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('field_key', 'text', (c) => c.notNull())
    .addColumn('field_type', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addUniqueConstraint('super_tag_fields_key', ['tag_id', 'field_key'])
    .execute();

  await db.schema
    .createTable('taggings')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('tag_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('taggings_pk', ['record_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('taggings_tag').on('taggings').columns(['tag_id', 'record_id']).execute();

  await db.schema
    .createTable('super_tag_values')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('field_id', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('super_tag_values_pk', ['record_id', 'field_id'])
    .execute();
  await db.schema.createIndex('super_tag_values_field').on('super_tag_values').columns(['field_id']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', autoId(d))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_record').on('comments').columns(['record_id', 'id']).execute();
  await db.schema.createIndex('comments_account').on('comments').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('tombstones')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('deleted_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tombstones_deleted').on('tombstones').columns(['account_id', 'deleted_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'tombstones', 'comments', 'super_tag_values', 'taggings', 'super_tag_fields', 'tags',
    'locations', 'companies', 'people', 'records', 'users', 'accounts',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
