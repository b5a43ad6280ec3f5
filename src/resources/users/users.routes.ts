// Spec §15 (Users): the users the caller may see; a basic user sees only itself; the caller's
// own entry is named `Me`. Read-only.
import type { FastifyInstance } from 'fastify';
import { el, str, type XNode } from '../../codec/node.js';
import { callerOf } from '../../http/request.js';
import { sendCollection } from '../../http/reply.js';
import type { Services } from '../../services.js';
import type { User } from '../../storage/schema.js';
import type { Caller } from '../accounts/accounts.service.js';

export function userNode(user: User, caller: Caller): XNode {
  return el('user', [str('email', user.email), str('name', user.id === caller.userId ? 'Me' : user.name)]);
}

export function registerUserRoutes(app: FastifyInstance, services: Services): void {
  app.get('/service/users', async (req, reply) => {
    const caller = callerOf(req);
    const users = await services.accounts.listUsers(caller.accountId);
    const visible = caller.role === 'basic' ? users.filter((u) => u.id === caller.userId) : users;
    return sendCollection(req, reply, 'users', visible.map((u) => userNode(u, caller)));
  });
}
