// Routes of Communications (spec §10).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerCommunicationRoutes(_app: FastifyInstance, _services: Services): void {}
