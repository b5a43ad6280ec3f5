// Routes of Recent activity (spec §16).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerActivityRoutes(_app: FastifyInstance, _services: Services): void {}
