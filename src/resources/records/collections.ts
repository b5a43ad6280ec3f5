// URL collection names of the record types (spec §6: `{records}` = people, companies, deals,
// communications, todos). Nested routes (tags, comments, super_tags) are registered for each.
import type { RecordType } from '../../storage/schema.js';

export interface RecordCollection {
  path: string;
  type: RecordType;
  /** the label used in messages: "Person not found" */
  label: string;
}

export const PEOPLE: RecordCollection = { path: 'people', type: 'person', label: 'Person' };
export const COMPANIES: RecordCollection = { path: 'companies', type: 'company', label: 'Company' };

/** Collections that exist today; deals, to-dos and communications join in their own issue. */
export const CONTACT_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES];
export const TAGGABLE_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES];
export const COMMENTABLE_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES];
export const SUPER_TAGGABLE_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES];

/**
 * Query keys naming a parent record in flat routes (`comments.xml?person_id=`,
 * `tags.xml?contact_id=`), with the record types each may name: `person_id` must be a person,
 * `contact_id` a person or a company (spec §4), `record_id` anything.
 */
export const PARENT_KEYS: { key: string; types: RecordType[] | null }[] = [
  { key: 'person_id', types: ['person'] },
  { key: 'company_id', types: ['company'] },
  { key: 'contact_id', types: ['person', 'company'] },
  { key: 'deal_id', types: ['deal'] },
  { key: 'todo_id', types: ['todo'] },
  { key: 'communication_id', types: ['communication'] },
  { key: 'record_id', types: null },
];
