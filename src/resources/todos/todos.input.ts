// Reading a to-do from any encoding (spec §1.4, §9): the `todo` root, or the `task` root with
// `subject` for the title as robriggen/batchbook-php sends it to `/service/tasks.xml` (spec §18).
import { section, text } from '../../codec/input.js';
import { parseDateInput } from '../../codec/dates.js';
import type { Params } from '../../codec/params.js';
import { InvalidRecordError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { Caller } from '../accounts/accounts.service.js';
import { findUserByEmailOrName } from '../users/users.repository.js';

/** The to-do attributes; `todo[...]` wins over `task[...]` when a body carries both. */
export function todoInput(params: Params): Params {
  return { ...section(params, 'task'), ...section(params, 'todo') };
}

/** `title`, or its alias `subject` (robriggen's `task[subject]`); undefined when both are absent. */
export function titleOf(input: Params): string | undefined {
  const raw = Object.hasOwn(input, 'title') ? text(input, 'title') : text(input, 'subject');
  return raw === undefined ? undefined : requireTitle(raw);
}

export function requireTitle(v: string | null | undefined): string {
  const title = (v ?? '').trim();
  if (title === '') throw new InvalidRecordError(["Title can't be blank"]);
  return title;
}

/** `due_date` in every input form of spec §1.4; undefined when absent, null when blank (cleared). */
export function dueDateOf(input: Params): string | null | undefined {
  const v = text(input, 'due_date');
  if (v === undefined) return undefined;
  if (v === null || v.trim() === '') return null;
  const iso = parseDateInput(v);
  if (iso === null) throw new InvalidRecordError([`Due date is not a date/time we understand: "${v}"`]);
  return iso;
}

const nullIfBlank = (v: string | null | undefined): string | null | undefined =>
  v === undefined ? undefined : v === null || v.trim() === '' ? null : v;

export function descriptionOf(input: Params): string | null | undefined {
  return nullIfBlank(text(input, 'description'));
}

/**
 * `assigned_to`: a user of the account by e-mail or display name (spec §9). ActiveResource
 * echoes the display name we wrote, so names must resolve. users.xml names the caller `Me`
 * (spec §15), so a client that picked the assignee from that list sends `Me`. Undefined when
 * absent or blank: the caller's default on create, unchanged on update.
 */
export async function assigneeOf(db: Db, caller: Caller, input: Params): Promise<number | undefined> {
  const v = text(input, 'assigned_to');
  if (v === undefined || v === null || v.trim() === '') return undefined;
  const user = await findUserByEmailOrName(db, caller.accountId, v.trim());
  if (user) return user.id;
  if (v.trim().toLowerCase() === 'me') return caller.userId;
  throw new InvalidRecordError([`Assigned to "${v.trim()}" is not a user of this account`]);
}

