// The soak's clients: each owns the people it creates (so its updates, comments and deletes never
// race another client's delete) and loops over a weighted mix of reads, searches and writes until
// the deadline. Every response is tallied by operation and status.
import type { Reply, SoakHttp } from './soak-http.js';

export interface Tally {
  /** "operation status" → count, e.g. "create 201" */
  statuses: Map<string, number>;
  /** responses whose status was not the one the operation expects (any 4xx or 5xx included) */
  unexpected: string[];
  transportErrors: string[];
  latencies: number[];
  /** operation → latencies in ms */
  byOp: Map<string, number[]>;
  createsAcked: number;
  deletesAcked: number;
}

export function newTally(): Tally {
  return { statuses: new Map(), unexpected: [], transportErrors: [], latencies: [], byOp: new Map(), createsAcked: 0, deletesAcked: 0 };
}

type Op = 'get' | 'list' | 'search-name' | 'search-email' | 'search-tag' | 'qtext' | 'create' | 'update' | 'comment' | 'delete';

/** Relative weights: about 55 % reads and searches, 45 % writes, deletes a third of creates. */
const MIX: [Op, number][] = [
  ['get', 20], ['list', 8], ['search-name', 8], ['search-email', 7], ['search-tag', 7], ['qtext', 5],
  ['create', 15], ['update', 12], ['comment', 13], ['delete', 5],
];
const TOTAL = MIX.reduce((s, [, w]) => s + w, 0);

function pick(): Op {
  let r = Math.random() * TOTAL;
  for (const [op, w] of MIX) {
    r -= w;
    if (r < 0) return op;
  }
  return 'get';
}

const NOTES = 'Soak test notes: <angle> & "quotes" ✓ — '.repeat(4);

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

class Worker {
  private readonly alive: number[] = [];
  private n = 0;

  constructor(
    private readonly http: SoakHttp,
    private readonly id: number,
    private readonly tally: Tally,
  ) {}

  async run(deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      try {
        await this.step(this.alive.length === 0 ? 'create' : pick());
      } catch (err) {
        // A write whose connection failed may or may not have landed: this client's counts are
        // no longer exact, so it stops (the run fails on any transport error anyway).
        this.tally.transportErrors.push(String(err));
        return;
      }
    }
  }

  private async call(op: string, expected: number, method: string, path: string, body?: string): Promise<Reply> {
    const reply = await this.http.send(method, path, body);
    const key = `${op} ${reply.status}`;
    this.tally.statuses.set(key, (this.tally.statuses.get(key) ?? 0) + 1);
    this.tally.latencies.push(reply.ms);
    const times = this.tally.byOp.get(op) ?? [];
    times.push(reply.ms);
    this.tally.byOp.set(op, times);
    if (reply.status !== expected) this.tally.unexpected.push(`${method} ${path} → ${reply.status} ${reply.body.slice(0, 200)}`);
    return reply;
  }

  private someId(): number {
    return this.alive[Math.floor(Math.random() * this.alive.length)] ?? 0;
  }

  private step(op: Op): Promise<unknown> {
    const tag = `soak-${this.id}`;
    switch (op) {
      case 'get': return this.call(op, 200, 'GET', `/service/people/${this.someId()}.xml`);
      case 'list': return this.call(op, 200, 'GET', '/service/people.xml');
      case 'search-name': return this.call(op, 200, 'GET', `/service/people.xml?name=Soak${this.id}x`);
      case 'search-email': return this.call(op, 200, 'GET', `/service/people.xml?email=soak-${this.id}-${this.n}@example.com`);
      case 'search-tag': return this.call(op, 200, 'GET', `/service/people.xml?tag=${tag}`);
      case 'qtext': return this.call(op, 200, 'GET', `/service/records.xml?qtext=Soak${this.id}x`);
      case 'create': return this.create(tag);
      case 'update': return this.call(op, 200, 'PUT', `/service/people/${this.someId()}.xml`, `<person><title>Title ${Date.now()}</title><notes>${xmlEscape(NOTES)}</notes></person>`);
      case 'comment': return this.call(op, 201, 'POST', `/service/people/${this.someId()}/comments.xml`, `<comment><comment>Call back ${Date.now()} &amp; follow up</comment></comment>`);
      case 'delete': return this.remove();
    }
  }

  /** Create a person, then give it a work location and a tag (three requests, as the gem does). */
  private async create(tag: string): Promise<void> {
    this.n += 1;
    const body = `<person><first_name>Soak${this.id}x${this.n}</first_name><last_name>Load</last_name><notes>${xmlEscape(NOTES)}</notes></person>`;
    const made = await this.call('create', 201, 'POST', '/service/people.xml', body);
    const m = /\/people\/(\d+)\.xml$/.exec(made.location);
    if (made.status !== 201 || !m?.[1]) return;
    this.tally.createsAcked += 1;
    const id = Number(m[1]);
    this.alive.push(id);
    const location = `location[label]=work&location[email]=soak-${this.id}-${this.n}%40example.com&location[city]=Providence`;
    await this.call('location', 201, 'POST', `/service/people/${id}/locations.xml`, location);
    await this.call('tag', 200, 'PUT', `/service/people/${id}/add_tag.xml?tag=${tag}`);
  }

  private async remove(): Promise<void> {
    const id = this.someId();
    const reply = await this.call('delete', 200, 'DELETE', `/service/people/${id}.xml`);
    if (reply.status !== 200) return;
    this.tally.deletesAcked += 1;
    this.alive.splice(this.alive.indexOf(id), 1);
  }
}

/**
 * Open every client's keep-alive connection before the clock starts: a burst of new connections
 * against a saturated Node server waits for its first response far longer than requests on
 * established connections (a plain node:http server shows the same), which is start-up, not soak.
 * Answers the slowest first response in ms; statuses and errors go into the tally as "warm-up".
 */
export async function warmUp(http: SoakHttp, clients: number, tally: Tally): Promise<number> {
  const one = async (): Promise<number> => {
    try {
      const reply = await http.send('GET', '/service/people.xml?limit=1');
      const key = `warm-up ${reply.status}`;
      tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
      if (reply.status !== 200) tally.unexpected.push(`warm-up → ${reply.status}`);
      return reply.ms;
    } catch (err) {
      tally.transportErrors.push(String(err));
      return 0;
    }
  };
  return Math.max(...(await Promise.all(Array.from({ length: clients }, one))));
}

/** Run `clients` workers against the server until `deadline` (ms since the epoch). */
export async function runWorkload(http: SoakHttp, clients: number, deadline: number, tally: Tally): Promise<void> {
  await Promise.all(Array.from({ length: clients }, (_, i) => new Worker(http, i + 1, tally).run(deadline)));
}
