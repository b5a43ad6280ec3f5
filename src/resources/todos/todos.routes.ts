// Routes of To-dos (spec §9).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerTodoRoutes(_app: FastifyInstance, _services: Services): void {}
