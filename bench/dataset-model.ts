// The benchmark data set as pure functions: the i-th person, company, deal or communication is
// computed from its index alone (a mulberry32 stream seeded from the index), so the generator
// (bench/dataset-build.ts) and the load driver agree on every value without reading the database,
// and the same index always gives the same record. Record ids follow from the insertion order:
// people 1..N, then companies, deals and communications (one id space, `records`).
import {
  CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, DEAL_KINDS, FIRST_NAMES, LAST_NAMES, NOTES, STREET_KINDS,
  STREETS, SUBJECTS, TAG_NAMES, TITLES,
} from './dataset-words.js';

/** The values Classicbook accepts (src/resources/deals/deals.input.ts, communications.input.ts). */
export type DealStatus = 'pending' | 'won' | 'lost';
export type Ctype = 'email' | 'note' | 'phone' | 'chat';

export const BENCH_ACCOUNT = 'bench';
/** The owner's API token (Basic auth username); only its SHA-256 is stored. */
export const BENCH_TOKEN = '5be7c4a0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60';
/** Part of the file name: bump it whenever the generated data or its layout changes. */
export const GENERATOR_VERSION = 2;
export { TAG_NAMES };

/** Every timestamp is BASE plus the record's id in seconds: fixed, distinct, increasing. */
const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');
export const timestampOf = (id: number): string => new Date(BASE_MS + id * 1000).toISOString();

export interface LocationData {
  email: string;
  phone: string;
  street_1: string;
  city: string;
  state: string;
  postal_code: string;
  country: 'US';
  website: string | null;
}

export interface PersonData {
  first_name: string;
  last_name: string;
  title: string | null;
  notes: string | null;
  email: string;
  phone: string;
  /** distinct, in TAG_NAMES order (the order tags get their ids, and the order the API lists them) */
  tags: readonly string[];
  /** the one location, labelled 'work' */
  location: LocationData;
  /** index of the person's company (see companyId), or null */
  company: number | null;
}

/** mulberry32: a tiny, fast 32-bit PRNG; `next(n)` is an integer in [0, n). */
export function stream(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Separate streams per kind of record, so person i and deal i do not share draws. */
const seedOf = (kind: number, i: number): number => Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(kind, 0x85ebca6b);

const pick = <T>(list: readonly T[], next: (n: number) => number): T => list[next(list.length)] as T;

function phoneOf(next: (n: number) => number): string {
  return `(${200 + next(800)}) 555-${String(next(10000)).padStart(4, '0')}`;
}

function locationOf(next: (n: number) => number, email: string, website: string | null): LocationData {
  const [city, state] = pick(CITIES, next);
  return {
    email,
    phone: phoneOf(next),
    street_1: `${1 + next(9999)} ${pick(STREETS, next)} ${pick(STREET_KINDS, next)}`,
    city,
    state,
    postal_code: String(next(100000)).padStart(5, '0'),
    country: 'US',
    website,
  };
}

/** Up to three distinct tags, in TAG_NAMES order. */
function tagsOf(next: (n: number) => number): string[] {
  const count = next(4);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(next(TAG_NAMES.length));
  return [...chosen].sort((a, b) => a - b).map((t) => TAG_NAMES[t] as string);
}

export function personAt(i: number): PersonData {
  const next = stream(seedOf(1, i));
  const first = pick(FIRST_NAMES, next);
  const last = pick(LAST_NAMES, next);
  const title = next(10) < 7 ? pick(TITLES, next) : null;
  const notes = next(10) < 4 ? pick(NOTES, next) : null;
  const tags = tagsOf(next);
  // Companies are people/50 (rounded up): person i may only work at company floor(i/50), which
  // exists for every data set holding person i, so the choice does not depend on the set's size.
  const company = next(2) === 0 ? Math.floor(i / 50) : null;
  const email = `${first}.${last}.${i}@example.com`.toLowerCase();
  const website = next(5) === 0 ? `https://${last.toLowerCase()}${i}.example.com/` : null;
  const location = locationOf(next, email, website);
  return { first_name: first, last_name: last, title, notes, email, phone: location.phone, tags, location, company };
}

/** The display name, as Classicbook's personName() writes it. */
export const fullName = (p: PersonData): string => `${p.first_name} ${p.last_name}`;

export const personId = (i: number): number => i + 1;
export const companyCount = (people: number): number => Math.ceil(people / 50);
export const dealCount = (people: number): number => Math.floor(people / 50);
export const communicationCount = (people: number): number => Math.floor(people / 20);
export const companyId = (c: number, people: number): number => people + 1 + c;
export const dealId = (d: number, people: number): number => companyId(companyCount(people), people) + d;
export const communicationId = (m: number, people: number): number => dealId(dealCount(people), people) + m;

const WORDS = COMPANY_WORDS.length;
const NAME_SPACE = WORDS * (WORDS - 1) * COMPANY_SUFFIXES.length;

/** `<Word> <Other word> <Suffix>`, distinct for the first 49,500 companies (7919 is coprime to it). */
export function companyName(c: number): string {
  const k = (c * 7919) % NAME_SPACE;
  const a = k % WORDS;
  const b = (a + 1 + (Math.floor(k / WORDS) % (WORDS - 1))) % WORDS;
  const suffix = COMPANY_SUFFIXES[Math.floor(k / (WORDS * (WORDS - 1)))] as string;
  return `${COMPANY_WORDS[a] as string} ${COMPANY_WORDS[b] as string} ${suffix}`;
}

export function companyLocation(c: number): LocationData {
  const next = stream(seedOf(2, c));
  const slug = companyName(c).toLowerCase().replace(/ /g, '-');
  return locationOf(next, `info@${slug}.example.com`, `https://${slug}.example.com/`);
}

export interface DealData {
  title: string;
  description: string;
  status: DealStatus;
  amount_cents: number;
  /** index of the person the deal is with */
  withPerson: number;
}

const STATUSES: readonly DealStatus[] = ['pending', 'pending', 'won', 'lost'];

export function dealAt(d: number, people: number): DealData {
  const next = stream(seedOf(3, d));
  const company = companyName(next(companyCount(people)));
  const kind = pick(DEAL_KINDS, next);
  return {
    title: `${company} ${kind}`,
    description: `${kind} for ${company}, deal number ${d}.`,
    status: pick(STATUSES, next),
    amount_cents: 50_000 + next(20_000_000),
    withPerson: next(people),
  };
}

export interface CommunicationData {
  subject: string;
  body: string;
  ctype: Ctype;
  /** person indexes of the sender and the (different) recipient */
  from: number;
  to: number;
}

const CTYPES: readonly Ctype[] = ['email', 'note', 'phone', 'chat'];

export function communicationAt(m: number, people: number): CommunicationData {
  const next = stream(seedOf(4, m));
  const from = next(people);
  const to = people > 1 ? (from + 1 + next(people - 1)) % people : from;
  const sender = personAt(from);
  return {
    subject: pick(SUBJECTS, next),
    body: `Hello ${personAt(to).first_name},\n\nmessage ${m} from ${fullName(sender)} about item ${next(10000)}.`,
    ctype: pick(CTYPES, next),
    from,
    to,
  };
}
