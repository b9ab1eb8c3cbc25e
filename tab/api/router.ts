/** The JSON API the tab calls, under /api. Every route runs behind `authenticate`. */
import express, { Router } from 'express';
import type { AppConfig } from '../../shared/config/app-config';
import type { AppServices } from '../../shared/services/app-services';
import { authenticate } from './auth';
import { apiErrorHandler } from './errors';

export function createApiRouter(services: AppServices, config: AppConfig): Router {
  const router = Router();
  router.use(express.json({ limit: '5mb' }));
  router.use(authenticate(config));

  router.get('/me', (req, res) => {
    const c = req.caller!;
    res.json({ tenantId: c.tenantId, userId: c.userId, name: c.name, via: c.via, mode: config.mode });
  });

  router.get('/status', async (req, res) => {
    res.json(await services.status(req.caller!.tenantId));
  });

  router.use((_req, res) => {
    res.status(404).json({ error: { code: 'not-found', message: 'No such API route.' } });
  });
  router.use(apiErrorHandler);
  return router;
}
