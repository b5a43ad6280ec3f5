// Routes of spec §3 (Companies). Employees (`companies/{id}/people`) live with the people routes.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { registerCrudRoutes } from '../records/crud.routes.js';
import { companyNode } from './companies.presenter.js';

export function registerCompanyRoutes(app: FastifyInstance, services: Services): void {
  const opts = services.presentOptions;
  registerCrudRoutes(app, { path: 'companies', service: services.companies, present: (v) => companyNode(v, opts), idOf: (v) => v.row.id });
}
