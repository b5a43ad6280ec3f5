// Accounts, users and tokens (decisions.md, Accounts, users, tokens). Shared by the HTTP layer
// (authentication), the bootstrap at first start and the admin CLI.
import { validateAccountName } from '../../config.js';
import { nowIso } from '../../codec/dates.js';
import { DomainError, InvalidRecordError, NotFoundError } from '../../errors.js';
import { foldKey, type Db } from '../../storage/db.js';
import type { Account, Role, User } from '../../storage/schema.js';
import { prepared } from '../../storage/prepared.js';
import { generateToken, hashToken, sameHash } from './tokens.js';

export const ROLES: Role[] = ['owner', 'admin', 'advanced', 'basic'];

/** Who is making a request: every query is scoped to `accountId`. */
export interface Caller {
  accountId: number;
  accountName: string;
  userId: number;
  userName: string;
  userEmail: string;
  role: Role;
}

export interface IssuedToken {
  account: Account;
  user: User;
  /** the token in clear text: shown once, never stored */
  token: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Every authenticated request runs this: built once (storage/prepared.ts). */
const userByTokenHash = prepared((db: Db, hash: string) =>
  db
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select([
      'users.id as userId',
      'users.name as userName',
      'users.email as userEmail',
      'users.role as role',
      'users.token_hash as tokenHash',
      'accounts.id as accountId',
      'accounts.name as accountName',
    ])
    .where('users.token_hash', '=', hash),
);

export class AccountsService {
  constructor(private readonly db: Db) {}

  async findAccount(name: string): Promise<Account | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('name', '=', name.toLowerCase()).executeTakeFirst();
  }

  async requireAccount(name: string): Promise<Account> {
    const account = await this.findAccount(name);
    if (!account) throw new NotFoundError(`Account "${name}"`);
    return account;
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
    return row === undefined;
  }

  /** Create an account with its owner; returns the owner's token. */
  async createAccount(
    name: string,
    owner: { email: string; name: string },
    token: string = generateToken(),
  ): Promise<IssuedToken> {
    validateAccountName(name);
    if (await this.findAccount(name)) throw new InvalidRecordError([`Account "${name}" already exists`]);
    return this.db.transaction().execute(async (trx) => {
      const account = await trx
        .insertInto('accounts')
        .values({ name, created_at: nowIso() })
        .returningAll()
        .executeTakeFirstOrThrow();
      const issued = await new AccountsService(trx).addUser(account.name, { ...owner, role: 'owner' }, token);
      return { ...issued, account };
    });
  }

  async addUser(
    accountName: string,
    input: { email: string; name: string; role: Role },
    token: string = generateToken(),
  ): Promise<IssuedToken> {
    const account = await this.requireAccount(accountName);
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw new InvalidRecordError([`Email "${input.email}" is not an e-mail address`]);
    if (!ROLES.includes(input.role)) throw new InvalidRecordError([`Role must be one of ${ROLES.join(', ')}`]);
    const name = input.name.trim() || email;
    const existing = await this.findUser(account.id, email);
    if (existing) throw new InvalidRecordError([`User ${email} already exists in account ${account.name}`]);
    const now = nowIso();
    const user = await this.db
      .insertInto('users')
      .values({
        account_id: account.id,
        email,
        email_key: foldKey(email),
        name,
        role: input.role,
        token_hash: hashToken(token),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { account, user, token };
  }

  async findUser(accountId: number, email: string): Promise<User | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('email_key', '=', foldKey(email))
      .executeTakeFirst();
  }

  /** Replace a user's token; the old one stops working with this commit. */
  async resetToken(accountName: string, email: string): Promise<IssuedToken> {
    const account = await this.requireAccount(accountName);
    const user = await this.findUser(account.id, email);
    if (!user) throw new NotFoundError(`User ${email}`);
    const token = generateToken();
    await this.db
      .updateTable('users')
      .set({ token_hash: hashToken(token), updated_at: nowIso() })
      .where('id', '=', user.id)
      .execute();
    return { account, user, token };
  }

  async listUsers(accountId: number): Promise<User[]> {
    return this.db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
  }

  /** The caller a token belongs to, or null. `hostAccount` is the account named by the Host header. */
  async authenticate(token: string, hostAccount: string | null): Promise<Caller | null> {
    if (token === '' || token.length > 256) return null;
    const hash = hashToken(token);
    const [row] = await userByTokenHash(this.db, hash);
    if (!row || !sameHash(row.tokenHash, hash)) return null;
    if (hostAccount !== null && hostAccount !== row.accountName) return null;
    return {
      accountId: row.accountId,
      accountName: row.accountName,
      userId: row.userId,
      userName: row.userName,
      userEmail: row.userEmail,
      role: row.role,
    };
  }

  /** First start on an empty database: the bootstrap account and its owner (decisions.md). */
  async bootstrap(accountName: string, token: string | null): Promise<IssuedToken | null> {
    if (!(await this.isEmpty())) return null;
    try {
      return await this.createAccount(accountName, { email: `owner@${accountName}.example`, name: 'Owner' }, token ?? undefined);
    } catch (err) {
      // Another instance bootstrapped first: nothing to do.
      if (err instanceof DomainError || !(await this.isEmpty())) return null;
      throw err;
    }
  }
}
