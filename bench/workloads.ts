// The workloads of issue 6, as request generators over a generated data set: every request is
// drawn from a seeded PRNG (per server and run, so Classicbook and the baseline get the same
// sequence) and names data that exists (ids, e-mails, names and tags come from dataset-model.ts).
import { fullName, personAt, personId, stream } from './dataset-model.js';
import type { Call } from './load.js';

export type WorkloadName =
  | 'get'
  | 'list'
  | 'create'
  | 'update'
  | 'mixed'
  | 'search-email'
  | 'search-name'
  | 'search-tag'
  | 'qtext'
  | 'list-offset-0'
  | 'list-offset-90k'
  | 'export';

export interface Workload {
  name: WorkloadName;
  description: string;
  /** a fresh request generator over `people` generated people; `seed` fixes the sequence */
  generator: (people: number, seed: number) => () => Call;
  /** exports run a fixed number of requests (one per connection) instead of a duration */
  perConnection?: number;
}

/** The data set's seeded PRNG (mulberry32): an integer in [0, n). */
const prng = stream;

const q = encodeURIComponent;
const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const getPerson = (rand: (n: number) => number, people: number): Call => ({ method: 'GET', path: `/service/people/${personId(rand(people))}.xml` });

function createPerson(rand: (n: number) => number, seq: number): Call {
  const n = rand(1_000_000);
  const body =
    `<?xml version="1.0" encoding="UTF-8"?><person><first_name>Bench</first_name><last_name>Writer ${seq}</last_name>` +
    `<title>${xmlText(`Tester #${n}`)}</title><notes>created by the benchmark</notes></person>`;
  return { method: 'POST', path: '/service/people.xml', body };
}

function updatePerson(rand: (n: number) => number, people: number, seq: number): Call {
  const i = rand(people);
  const body = `<?xml version="1.0" encoding="UTF-8"?><person><title>${xmlText(`Updated ${seq}`)}</title><notes>note ${seq}</notes></person>`;
  return { method: 'PUT', path: `/service/people/${personId(i)}.xml`, body };
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'get', description: 'GET one person (random id)', generator: (people, seed) => {
    const rand = prng(seed);
    return () => getPerson(rand, people);
  } },
  { name: 'list', description: 'list 100 people, sequential pages across the whole set', generator: (people) => {
    let page = 0;
    const pages = Math.ceil(people / 100);
    return () => ({ method: 'GET', path: `/service/people.xml?offset=${(page++ % pages) * 100}&limit=100` });
  } },
  { name: 'create', description: 'create a person (XML body)', generator: (_people, seed) => {
    const rand = prng(seed);
    let seq = 0;
    return () => createPerson(rand, seq++);
  } },
  { name: 'update', description: 'update a person (XML body, random id)', generator: (people, seed) => {
    const rand = prng(seed);
    let seq = 0;
    return () => updatePerson(rand, people, seq++);
  } },
  { name: 'mixed', description: '80 % GET person, 10 % create, 10 % update', generator: (people, seed) => {
    const rand = prng(seed);
    let seq = 0;
    return () => {
      const r = rand(10);
      if (r === 0) return createPerson(rand, seq++);
      if (r === 1) return updatePerson(rand, people, seq++);
      return getPerson(rand, people);
    };
  } },
  { name: 'search-email', description: 'people.xml?email= (a random person\'s e-mail)', generator: (people, seed) => {
    const rand = prng(seed);
    return () => ({ method: 'GET', path: `/service/people.xml?email=${q(personAt(rand(people)).email)}` });
  } },
  { name: 'search-name', description: 'people.xml?name= (a random person\'s full name)', generator: (people, seed) => {
    const rand = prng(seed);
    return () => ({ method: 'GET', path: `/service/people.xml?name=${q(fullName(personAt(rand(people))))}` });
  } },
  { name: 'search-tag', description: 'people.xml?tag= (a tag of a random tagged person; first 25)', generator: (people, seed) => {
    const rand = prng(seed);
    return () => {
      for (;;) {
        const tags = personAt(rand(people)).tags;
        if (tags.length > 0) return { method: 'GET', path: `/service/people.xml?tag=${q(tags[rand(tags.length)] as string)}` };
      }
    };
  } },
  { name: 'qtext', description: 'records.xml?qtext= (a random person\'s last name; first 25)', generator: (people, seed) => {
    const rand = prng(seed);
    return () => ({ method: 'GET', path: `/service/records.xml?qtext=${q(personAt(rand(people)).last_name)}` });
  } },
  { name: 'list-offset-0', description: 'the page of 100 at offset 0', generator: () => () => ({ method: 'GET', path: '/service/people.xml?offset=0&limit=100' }) },
  { name: 'list-offset-90k', description: 'the page of 100 at offset 90,000 (90 % into smaller sets)', generator: (people) => {
    const offset = people >= 90_100 ? 90_000 : Math.floor((people * 0.9) / 100) * 100;
    return () => ({ method: 'GET', path: `/service/people.xml?offset=${offset}&limit=100` });
  } },
  { name: 'export', description: 'people.xml?limit=1000000, one full export per connection', perConnection: 1, generator: () => () => ({ method: 'GET', path: '/service/people.xml?limit=1000000' }) },
];
