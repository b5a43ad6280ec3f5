// The admin command line (`classicbook`): serve, accounts, users, tokens, SuperTag definitions,
// lists, backup and restore.
// It uses the same services as the HTTP API (createServices), so there is no second copy of
// any rule.
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { DomainError } from '../errors.js';
import { ROLES } from '../resources/accounts/accounts.service.js';
import { CLASSIC_TYPE } from '../resources/records/collections.js';
import { FIELD_TYPES, type FieldSpec, type FieldType } from '../resources/super-tags/super-tags.service.js';
import { createServices, type Services } from '../services.js';
import { BackupError, backupDatabase, restoreDatabase } from '../storage/backup.js';
import { ensureSchema, openStorage } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import type { Role } from '../storage/schema.js';

type Env = Record<string, string | undefined>;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** `Name:Type[:opt1,opt2]`, e.g. `Twitter Username:Text`, `Sales Cluster:Multiple choice:Ruby,Python`. */
export function parseFieldSpec(spec: string): FieldSpec {
  const [name = '', type = 'Text', options = ''] = spec.split(':');
  const match = FIELD_TYPES.find((t) => t.toLowerCase() === type.trim().toLowerCase());
  if (!match) throw new ConfigError(`field type must be one of ${FIELD_TYPES.join(', ')}, got "${type}"`);
  return {
    name: name.trim(),
    type: match as FieldType,
    options: options.split(',').map((o) => o.trim()).filter((o) => o !== ''),
  };
}

async function withServices<T>(env: Env, fn: (s: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  await ensureSchema(config.database);
  const storage = openStorage(config.database);
  try {
    await migrateToLatest(storage.db, storage.schema);
    return await fn(createServices(storage.db, config));
  } finally {
    await storage.close();
  }
}

function buildProgram(env: Env, io: CliIo): Command {
  const program = new Command('classicbook')
    .description('Classicbook — BatchBook Classic compatible CRM server (admin CLI)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('serve')
    .description('start the HTTP server (settings from the environment, see README)')
    .action(async () => {
      const { startServer } = await import('../server.js');
      await startServer(loadConfig(env));
    });

  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const config = loadConfig(env);
      await ensureSchema(config.database);
      const storage = openStorage(config.database);
      try {
        const applied = await migrateToLatest(storage.db, storage.schema);
        io.out(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
      } finally {
        await storage.close();
      }
    });

  const account = program.command('account').description('manage accounts');
  account
    .command('create <name>')
    .description('create an account and its owner; prints the owner token once')
    .option('--email <email>', 'owner e-mail', '')
    .option('--owner-name <name>', 'owner display name', 'Owner')
    .action(async (name: string, opts: { email: string; ownerName: string }) => {
      await withServices(env, async (s) => {
        const email = opts.email || `owner@${name}.example`;
        const issued = await s.accounts.createAccount(name, { email, name: opts.ownerName });
        io.out(`account ${issued.account.name} created; owner ${issued.user.email}`);
        io.out(`token: ${issued.token}`);
      });
    });

  const user = program.command('user').description('manage users');
  user
    .command('add <account> <email>')
    .description('add a user; prints its token once')
    .option('--name <name>', 'display name', '')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'basic')
    .action(async (acct: string, email: string, opts: { name: string; role: string }) => {
      await withServices(env, async (s) => {
        const issued = await s.accounts.addUser(acct, { email, name: opts.name, role: opts.role as Role });
        io.out(`user ${issued.user.email} (${issued.user.role}) added to ${issued.account.name}`);
        io.out(`token: ${issued.token}`);
      });
    });

  program
    .command('token')
    .description('manage API tokens')
    .command('reset <account> <email>')
    .description('issue a new token; the old one stops working at once')
    .action(async (acct: string, email: string) => {
      await withServices(env, async (s) => {
        const issued = await s.accounts.resetToken(acct, email);
        io.out(`token: ${issued.token}`);
      });
    });

  const supertag = program.command('supertag').description('manage SuperTag definitions');
  supertag
    .command('define <account> <name>')
    .description('create or redefine a SuperTag')
    .option('--field <spec...>', 'field as "Name:Type[:opt1,opt2]"; types: ' + FIELD_TYPES.join(', '), [])
    .action(async (acct: string, name: string, opts: { field: string[] }) => {
      const fields = opts.field.map(parseFieldSpec);
      await withServices(env, async (s) => {
        const a = await s.accounts.requireAccount(acct);
        const def = await s.superTags.define(a.id, name, fields);
        io.out(`SuperTag "${def.tag.name}" defined with ${def.fields.length} field(s)`);
      });
    });
  supertag
    .command('list <account>')
    .description('list SuperTag definitions')
    .action(async (acct: string) => {
      await withServices(env, async (s) => {
        const a = await s.accounts.requireAccount(acct);
        for (const def of await s.superTags.definitions(a.id)) {
          const fields = def.fields.map((f) => {
            const opts = JSON.parse(f.options) as string[];
            return `${f.name} (${f.field_type}${opts.length ? `: ${opts.join(', ')}` : ''})`;
          });
          io.out(`${def.tag.name}: ${fields.join('; ') || '(no fields)'}`);
        }
      });
    });
  registerListCommands(program, env, io);
  registerBackupCommands(program, env, io);
  return program;
}

/** Lists are read-only over the Classic API (spec §14); the admin manages them here. */
function registerListCommands(program: Command, env: Env, io: CliIo): void {
  const lists = program.command('list').description('manage lists (read-only over the Classic API)');
  lists
    .command('create <account> <name>')
    .description('create a list; prints its id')
    .option('--description <text>', 'description', '')
    .action(async (acct: string, name: string, opts: { description: string }) => {
      await withServices(env, async (s) => {
        const a = await s.accounts.requireAccount(acct);
        io.out(String((await s.lists.create(a.id, name, opts.description)).row.id));
      });
    });
  lists
    .command('add <account> <list_id> <contact_id...>')
    .description('add people or companies to a list')
    .action(async (acct: string, listId: string, contacts: string[]) => {
      await withServices(env, async (s) => {
        const a = await s.accounts.requireAccount(acct);
        const view = await s.lists.addMembers(a.id, listId, contacts);
        io.out(`list ${view.row.id} has ${view.numRecords} record(s)`);
      });
    });
  lists
    .command('remove <account> <list_id> <contact_id...>')
    .description('remove people or companies from a list')
    .action(async (acct: string, listId: string, contacts: string[]) => {
      await withServices(env, async (s) => {
        const a = await s.accounts.requireAccount(acct);
        const view = await s.lists.removeMembers(a.id, listId, contacts);
        io.out(`list ${view.row.id} has ${view.numRecords} record(s)`);
      });
    });
  lists
    .command('delete <account> <list_id>')
    .description('delete a list (its contacts stay)')
    .action(async (acct: string, listId: string) => {
      await withServices(env, async (s) => {
        const a = await s.accounts.requireAccount(acct);
        io.out(`list ${(await s.lists.delete(a.id, listId)).row.id} deleted`);
      });
    });
  lists
    .command('show <account> [list_id]')
    .description('print the lists of an account, or one list with its contacts')
    .action(async (acct: string, listId: string | undefined) => {
      await withServices(env, async (s) => {
        const a = await s.accounts.requireAccount(acct);
        if (listId === undefined) {
          for await (const l of s.lists.index(a.id, {})) io.out(`${l.row.id}\t${l.row.name}\t${l.numRecords} record(s)`);
          return;
        }
        const view = await s.lists.show(a.id, listId);
        io.out(`${view.row.id}\t${view.row.name}\t${view.numRecords} record(s)`);
        for (const m of view.members) io.out(`  ${m.id}\t${CLASSIC_TYPE[m.type]}\t${m.name}`);
      });
    });
}

/** Online backup and restore; the logic lives in src/storage/backup.ts. */
function registerBackupCommands(program: Command, env: Env, io: CliIo): void {
  program
    .command('backup <file>')
    .description('write a consistent copy of the database while the server runs (SQLite backup API; pg_dump for PostgreSQL)')
    .action(async (file: string) => {
      const done = await backupDatabase(loadConfig(env).database, file);
      io.out(`backup written to ${done.file}${done.pages === null ? '' : ` (${done.pages} pages)`}`);
    });
  program
    .command('restore <file>')
    .description('replace the SQLite database with a backup (server stopped); keeps the old file as .bak-<time>')
    .action(async (file: string) => {
      const done = await restoreDatabase(loadConfig(env).database, file);
      io.out(`restored from ${file}${done.previous === null ? '' : `; previous database kept as ${done.previous}`}`);
    });
}

/** Run the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], env: Env = process.env, io: CliIo = consoleIo): Promise<number> {
  try {
    await buildProgram(env, io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError || err instanceof DomainError || err instanceof BackupError) {
      io.err(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv.slice(2));
  // `serve` keeps running; every other command (or a failed serve) ends here.
  if (argv[2] !== 'serve' || code !== 0) process.exit(code);
}
