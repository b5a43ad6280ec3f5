// URL collection names of the record types (spec §6: `{records}` = people, companies, deals,
// communications, todos). Nested routes (tags, comments, super_tags) are registered for each.
import type { RecordType } from '../../storage/schema.js';

export interface RecordCollection {
  path: string;
  type: RecordType;
  /** the label used in messages and activities: "Person not found", "Person updated" */
  label: string;
}

export const PEOPLE: RecordCollection = { path: 'people', type: 'person', label: 'Person' };
export const COMPANIES: RecordCollection = { path: 'companies', type: 'company', label: 'Company' };
export const DEALS: RecordCollection = { path: 'deals', type: 'deal', label: 'Deal' };
export const TODOS: RecordCollection = { path: 'todos', type: 'todo', label: 'To-Do' };
export const COMMUNICATIONS: RecordCollection = { path: 'communications', type: 'communication', label: 'Communication' };

export const CONTACT_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES];
export const CONTACT_TYPES: RecordType[] = ['person', 'company'];
/** spec §6: tags on people, companies, deals, communications, to-dos */
export const TAGGABLE_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES, DEALS, COMMUNICATIONS, TODOS];
/** spec §8: comments on people, companies, deals, to-dos, communications */
export const COMMENTABLE_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES, DEALS, TODOS, COMMUNICATIONS];
/** spec §7: SuperTag values on people, companies, deals */
export const SUPER_TAGGABLE_COLLECTIONS: RecordCollection[] = [PEOPLE, COMPANIES, DEALS];

/** `record_type` of spec §12 and §16. */
export const CLASSIC_TYPE: Record<RecordType, string> = {
  person: 'Individual',
  company: 'Company',
  todo: 'To-Do',
  deal: 'Deal',
  communication: 'Communication',
};

export const LABEL: Record<RecordType, string> = {
  person: PEOPLE.label,
  company: COMPANIES.label,
  deal: DEALS.label,
  todo: TODOS.label,
  communication: COMMUNICATIONS.label,
};

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
