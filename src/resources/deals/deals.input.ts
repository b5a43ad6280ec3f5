// Deal field values (spec §11): amounts as exact cents, and the three statuses.
import { InvalidRecordError } from '../../errors.js';
import type { DealStatus } from '../../storage/schema.js';

/** `pending` and `lost` are documented; `won` is inferred (spec §11, Statuses). */
export const DEAL_STATUSES: readonly DealStatus[] = ['pending', 'won', 'lost'];

/** Status from any case (`Won`, `WON`); 422 for anything else. */
export function parseStatus(raw: string): DealStatus {
  const status = DEAL_STATUSES.find((s) => s === raw.trim().toLowerCase());
  if (!status) throw new InvalidRecordError([`Status must be one of ${DEAL_STATUSES.join(', ')}`]);
  return status;
}

// Digits (plain, or grouped by thousands with commas), an optional point and up to two decimals:
// `1234.5`, `1,234.50`, `.5`. Integer part capped at 13 digits so cents stay exact in a double.
const AMOUNT = /^(?:(\d{1,13}|\d{1,3}(?:,\d{3}){1,3})(?:\.(\d{0,2}))?|\.(\d{1,2}))$/;

/**
 * An amount in cents, computed from the digits — never through a float, so `1234.56` is
 * exactly 123456 (0.29 * 100 is 28.999… in binary). Blank means no amount (0.00).
 */
export function parseAmount(raw: string | null): number {
  const text = (raw ?? '').trim();
  if (text === '') return 0;
  const m = AMOUNT.exec(text);
  if (!m) throw new InvalidRecordError([`Amount is not a number: "${text}"`]);
  const whole = Number((m[1] ?? '0').replace(/,/g, ''));
  const fraction = Number((m[2] ?? m[3] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

/** Two decimals, no grouping (`0.00`, `1234.50`): the .NET client parses it as a number. */
export function formatAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents - whole * 100).padStart(2, '0')}`;
}
