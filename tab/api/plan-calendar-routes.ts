/** GET /api/plan/holidays: public holidays at the plan's sites on cutover weekdays between its first and last wave (the wave timeline marks them). */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { createPlanHolidays } from '../../shared/services/plan-holidays';

export function registerPlanCalendarRoutes(router: Router, services: AppServices): void {
  const planHolidays = createPlanHolidays(services.store, services.plan, services.decisions);
  router.get('/plan/holidays', async (req, res) => {
    res.json(await planHolidays(req.caller!.tenantId));
  });
}
