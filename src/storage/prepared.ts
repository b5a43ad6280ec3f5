// Queries on the hot paths (authentication, one record and its parts) are still written with
// Kysely, but built and compiled once per dialect instead of on every call: building and
// compiling cost more than running such a query (issue 6 profile of GET person). Later calls only
// bind their arguments (on embedded SQLite, synchronously when no transaction is open: see
// readDirect in db.ts). Every value in the built query must be one of the arguments or a
// constant that never changes. Only SELECTs: writes always go through Kysely.
import { CompiledQuery, type Compilable } from 'kysely';
import { readDirect, type Db } from './db.js';

/** Stands for the argument at `index` while the query is built. */
class Slot {
  constructor(readonly index: number) {}
}

type Binding = { arg: number } | { constant: unknown };

interface Shape {
  sql: string;
  bindings: Binding[];
}

export type Arg = string | number | null;

/**
 * `build(db, ...args)` describes the query; the returned function runs it with real arguments
 * and resolves to its rows.
 */
export function prepared<A extends readonly Arg[], R>(build: (db: Db, ...args: A) => Compilable<R>): (db: Db, ...args: A) => Promise<R[]> {
  // One shape per dialect (adapter class): SQLite and PostgreSQL spell placeholders differently.
  const shapes = new Map<unknown, Shape>();
  const shapeFor = (db: Db, arity: number): Shape => {
    const dialect = db.getExecutor().adapter.constructor;
    let shape = shapes.get(dialect);
    if (shape === undefined) {
      const slots = Array.from({ length: arity }, (_, i) => new Slot(i));
      const compiled = build(db, ...(slots as unknown as A)).compile();
      shape = { sql: compiled.sql, bindings: compiled.parameters.map((p) => (p instanceof Slot ? { arg: p.index } : { constant: p })) };
      shapes.set(dialect, shape);
    }
    return shape;
  };
  return async (db, ...args) => {
    const shape = shapeFor(db, args.length);
    return rowsOf<R>(db, shape.sql, shape.bindings.map((b) => ('arg' in b ? args[b.arg] : b.constant)));
  };
}

/**
 * Rows of a SELECT built per call (lists and searches, whose shape varies), run like a prepared
 * query: directly on embedded SQLite when no transaction is open, else through Kysely.
 */
export async function selectRows<R>(db: Db, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  return rowsOf<R>(db, compiled.sql, compiled.parameters);
}

/** A SELECT's rows: directly on embedded SQLite when no transaction is open, else through Kysely. */
async function rowsOf<R>(db: Db, text: string, parameters: readonly unknown[]): Promise<R[]> {
  const direct = readDirect(db, text, parameters);
  if (direct !== undefined) return direct as R[];
  return (await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/**
 * An id list for `in (…)`, padded to the next power of two by repeating its last id: the same rows
 * match, and a query has about ten SQL shapes instead of one per list length, so the statement
 * cache of db.ts stays small and warm (issue 6: a 90 s soak grew 54 MB holding one prepared
 * statement per distinct list length).
 */
export function idSet(ids: readonly number[]): number[] {
  const out = [...ids];
  if (out.length < 2) return out;
  let size = 2;
  while (size < out.length) size *= 2;
  const last = out[out.length - 1] as number;
  while (out.length < size) out.push(last);
  return out;
}
