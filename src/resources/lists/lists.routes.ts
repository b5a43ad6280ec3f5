// Routes of Lists (spec §14).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerListRoutes(_app: FastifyInstance, _services: Services): void {}
