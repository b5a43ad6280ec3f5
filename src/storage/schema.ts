// Table types for Kysely. Names match the wire names where possible (STYLE.md, small rules).
// Timestamps are ISO-8601 UTC strings written by the application; booleans are 0/1 integers so
// one schema serves SQLite and PostgreSQL.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type RecordType = 'person' | 'company' | 'deal' | 'todo' | 'communication';
export type Role = 'owner' | 'admin' | 'advanced' | 'basic';

export interface AccountsTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  account_id: number;
  email: string;
  email_key: string;
  name: string;
  role: Role;
  token_hash: string;
  created_at: string;
  updated_at: string;
}

/** The one id space shared by every record type (decisions.md, Records and ids). */
export interface RecordsTable {
  id: Generated<number>;
  account_id: number;
  record_type: RecordType;
}

export interface PeopleTable {
  id: number;
  account_id: number;
  first_name: string | null;
  last_name: string | null;
  /** lower-cased "first last", written by the application, for name search */
  name_key: string;
  title: string | null;
  notes: string | null;
  company_id: number | null;
  small_image: string | null;
  large_image: string | null;
  created_at: string;
  updated_at: string;
}

export interface CompaniesTable {
  id: number;
  account_id: number;
  name: string;
  name_key: string;
  notes: string | null;
  small_image: string | null;
  large_image: string | null;
  created_at: string;
  updated_at: string;
}

export interface LocationsTable {
  id: Generated<number>;
  account_id: number;
  record_id: number;
  label: string;
  label_key: string;
  is_primary: number;
  email: string | null;
  email_key: string | null;
  website: string | null;
  phone: string | null;
  cell: string | null;
  fax: string | null;
  street_1: string | null;
  street_2: string | null;
  city: string | null;
  state: string | null;
  state_key: string | null;
  postal_code: string | null;
  country: string | null;
  created_at: string;
  updated_at: string;
}

export interface TagsTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  name_key: string;
  is_super: number;
  created_at: string;
}

export interface SuperTagFieldsTable {
  id: Generated<number>;
  account_id: number;
  tag_id: number;
  position: number;
  name: string;
  field_key: string;
  field_type: string;
  /** JSON array of option strings for choice fields, '[]' otherwise */
  options: string;
}

export interface TaggingsTable {
  account_id: number;
  record_id: number;
  tag_id: number;
  created_at: string;
}

export interface SuperTagValuesTable {
  account_id: number;
  record_id: number;
  field_id: number;
  value: string;
}

export interface CommentsTable {
  id: Generated<number>;
  account_id: number;
  record_id: number;
  user_id: number;
  comment: string;
  created_at: string;
  updated_at: string;
}

export interface TombstonesTable {
  id: number;
  account_id: number;
  record_type: RecordType;
  display_name: string;
  deleted_at: string;
}

export type DealStatus = 'pending' | 'won' | 'lost';
export type Ctype = 'email' | 'note' | 'phone' | 'chat';

export interface DealsTable {
  id: number;
  account_id: number;
  title: string;
  description: string | null;
  deal_with_id: number | null;
  status: DealStatus;
  assigned_to_user_id: number | null;
  /** amount in cents, written out with two decimals */
  amount_cents: number;
  created_at: string;
  updated_at: string;
}

export interface TodosTable {
  id: number;
  account_id: number;
  title: string;
  description: string | null;
  due_date: string | null;
  flagged: number;
  complete: number;
  assigned_by_user_id: number | null;
  assigned_to_user_id: number | null;
  /** the deal this to-do is attached to (deal's `<todos>`) */
  deal_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface CommunicationsTable {
  id: number;
  account_id: number;
  subject: string | null;
  body: string | null;
  date: string;
  ctype: Ctype;
  /** the deal this communication is attached to (deal's `<attached_communications>`) */
  deal_id: number | null;
  created_at: string;
  updated_at: string;
}

/** Contacts linked to a record; `role` is to/from/cc/bcc for communications, '' otherwise. */
export interface RecordContactsTable {
  account_id: number;
  record_id: number;
  contact_id: number;
  role: string;
  created_at: string;
}

export interface AffiliationsTable {
  id: Generated<number>;
  account_id: number;
  person_id: number;
  company_id: number;
  job_title: string | null;
  current: number;
  created_at: string;
  updated_at: string;
}

export interface ListsTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface ListMembersTable {
  account_id: number;
  list_id: number;
  record_id: number;
  created_at: string;
}

export interface ActivitiesTable {
  id: Generated<number>;
  account_id: number;
  user_id: number;
  user_name: string;
  /** e.g. "Person updated", "Tag added" */
  name: string;
  /** the record's display name (and detail, e.g. the tag) */
  description: string;
  /** Individual, Company, To-Do, Deal, Communication */
  record_type: string;
  record_id: number | null;
  created_at: string;
}

export interface SearchIndexTable {
  record_id: number;
  account_id: number;
  record_type: RecordType;
  content: string;
}

/** Records of a type per block of 1,024 ids (migration 004): finds `offset=N` without stepping N rows. */
export interface RecordPagesTable {
  account_id: number;
  record_type: RecordType;
  block: number;
  n: number;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  records: RecordsTable;
  record_pages: RecordPagesTable;
  people: PeopleTable;
  companies: CompaniesTable;
  locations: LocationsTable;
  tags: TagsTable;
  super_tag_fields: SuperTagFieldsTable;
  taggings: TaggingsTable;
  super_tag_values: SuperTagValuesTable;
  comments: CommentsTable;
  tombstones: TombstonesTable;
  deals: DealsTable;
  todos: TodosTable;
  communications: CommunicationsTable;
  record_contacts: RecordContactsTable;
  affiliations: AffiliationsTable;
  lists: ListsTable;
  list_members: ListMembersTable;
  activities: ActivitiesTable;
  search_index: SearchIndexTable;
}

export type Account = Selectable<AccountsTable>;
export type User = Selectable<UsersTable>;
export type PersonRow = Selectable<PeopleTable>;
export type CompanyRow = Selectable<CompaniesTable>;
export type LocationRow = Selectable<LocationsTable>;
export type NewLocation = Insertable<LocationsTable>;
export type LocationUpdate = Updateable<LocationsTable>;
export type TagRow = Selectable<TagsTable>;
export type SuperTagFieldRow = Selectable<SuperTagFieldsTable>;
export type CommentRow = Selectable<CommentsTable>;
export type DealRow = Selectable<DealsTable>;
export type TodoRow = Selectable<TodosTable>;
export type CommunicationRow = Selectable<CommunicationsTable>;
export type AffiliationRow = Selectable<AffiliationsTable>;
export type ListRow = Selectable<ListsTable>;
export type ActivityRow = Selectable<ActivitiesTable>;
