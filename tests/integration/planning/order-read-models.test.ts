/**
 * Port and upload orders as stored (order-read-model.ts): a list row carries an order's first numbers and
 * how many it has (and a port order's count of blocks), and the numbers route pages every number back in the order's order, across the
 * 1,000-number chunks; an unknown order is none; a plan stored before the chunks (whole orders in the
 * rows) reads the same.
 */
import { seedDemoPlan } from '../../../server/local-demo';
import type { Plan, UploadOrder } from '../../../shared/domain/plan';
import { numberToE164 } from '../../../shared/domain/planning/number-ranges';
import { ORDER_FIRST_NUMBERS, PLAN_ORDER_NUMBERS, PLAN_PORT_ORDERS, PLAN_UPLOAD_ORDERS } from '../../../shared/services/order-read-model';
import { PLAN_DOCUMENT, planReadModels } from '../../../shared/services/plan-read-model';
import type { AppServices } from '../../../shared/services/app-services';
import { withSyncedDemoTenant } from '../../support/demo';

const NOW = new Date('2026-03-01T09:00:00.000Z');

/** Every number of an order through the service, `limit` at a time. */
async function allNumbers(services: AppServices, tenantId: string, orderId: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = (await services.plan.orderNumbers(tenantId, orderId, { offset, limit }))!;
    expect(page.offset).toBe(offset);
    out.push(...page.items);
    if (offset + limit >= page.total) return out;
  }
}

/** Stores `plan` as a tenant of its own: its header and its read models. */
async function storePlan(services: AppServices, tenantId: string, plan: Plan): Promise<void> {
  const { header, changes } = planReadModels(plan, { settingsVersion: 1, builtAt: NOW.toISOString(), artefact: 'plan/none.json' });
  await services.store.upsertTenant(tenantId, tenantId);
  await services.store.commit(tenantId, 'test', [{ type: 'put-document', kind: PLAN_DOCUMENT, data: header }, ...changes]);
}

describe('port and upload orders from the read models', () => {
  it('list rows with their first numbers, and page every number of an order back in its order', async () => {
    await withSyncedDemoTenant(NOW, async (services, demoTenantId) => {
      await seedDemoPlan(services, demoTenantId);
      const built = (await services.plan.get(demoTenantId))!.plan;
      expect(built.portOrders.length).toBeGreaterThan(0);
      // An upload order of 2,500 numbers (three chunks, the last part-full) and one of exactly 1,000.
      const big: UploadOrder = { id: 'UO-W1-big-1', waveNumber: built.waves[0].number, sbcId: 'sbc-big', numbers: Array.from({ length: 2_500 }, (_, i) => numberToE164(14_255_550_000 + i)), uploadBy: built.waves[0].date };
      const even: UploadOrder = { ...big, id: 'UO-W1-even-1', numbers: big.numbers.slice(0, 1_000) };
      const plan: Plan = { ...built, uploadOrders: [...built.uploadOrders, big, even] };
      const tenantId = 'orders';
      await storePlan(services, tenantId, plan);

      const ports = await services.plan.portOrders(tenantId, { limit: 1000 });
      const uploads = await services.plan.uploadOrders(tenantId, { limit: 1000 });
      expect(ports.total).toBe(plan.portOrders.length);
      expect(uploads.total).toBe(plan.uploadOrders.length);
      for (const [rows, orders] of [
        [ports.items, plan.portOrders],
        [uploads.items, plan.uploadOrders],
      ] as const) {
        for (const [i, order] of orders.entries()) {
          const { numbers, ...rest } = order;
          const blocks = 'blockIds' in rest ? { blockIds: undefined, blockCount: rest.blockIds.length } : {};
          expect({ ...rows[i], blockIds: undefined }).toEqual({ ...rest, ...blocks, numberCount: numbers.length, firstNumbers: numbers.slice(0, ORDER_FIRST_NUMBERS) });
          expect(rows[i]).not.toHaveProperty('numbers');
          expect(rows[i]).not.toHaveProperty('blockIds');
          expect(await allNumbers(services, tenantId, order.id, 1000)).toEqual(numbers);
        }
      }
      // Pages that start and end inside a chunk, and pages past the end.
      expect(await allNumbers(services, tenantId, big.id, 333)).toEqual(big.numbers);
      expect((await services.plan.orderNumbers(tenantId, big.id, { offset: 990, limit: 20 }))!.items).toEqual(big.numbers.slice(990, 1010));
      expect(await services.plan.orderNumbers(tenantId, big.id, { offset: 5_000, limit: 10 })).toEqual({ items: [], total: 2_500, offset: 5_000 });
      expect(await services.plan.orderNumbers(tenantId, even.id, { offset: 1_000, limit: 10 })).toEqual({ items: [], total: 1_000, offset: 1_000 });
      // One page is at most 1,000 numbers, whatever is asked.
      expect((await services.plan.orderNumbers(tenantId, big.id, { offset: 0, limit: 5_000 }))!.items).toHaveLength(1_000);
      expect(await services.plan.orderNumbers(tenantId, 'UO-nowhere', { offset: 0, limit: 10 })).toBeUndefined();
      // A wave's rows, by key.
      const wave = plan.uploadOrders.filter((o) => o.waveNumber === big.waveNumber);
      expect((await services.plan.uploadOrders(tenantId, { wave: big.waveNumber, limit: 1000 })).items.map((o) => o.id)).toEqual(wave.map((o) => o.id));

      // Stored before the chunks: whole orders in the rows, read as rows, their numbers found among them.
      await services.store.commit(tenantId, 'test', [
        { type: 'replace-collection', collection: PLAN_PORT_ORDERS, items: plan.portOrders.map((o, i) => ({ id: String(i).padStart(6, '0'), data: o, keys: [`wave:${o.waveNumber}`] })) },
        { type: 'replace-collection', collection: PLAN_UPLOAD_ORDERS, items: plan.uploadOrders.map((o, i) => ({ id: String(i).padStart(6, '0'), data: o, keys: [`wave:${o.waveNumber}`] })) },
        { type: 'replace-collection', collection: PLAN_ORDER_NUMBERS, items: [] },
      ]);
      expect(await services.plan.uploadOrders(tenantId, { limit: 1000 })).toEqual(uploads);
      expect(await services.plan.portOrders(tenantId, { limit: 1000 })).toEqual(ports);
      expect(await allNumbers(services, tenantId, big.id, 700)).toEqual(big.numbers);
      expect(await allNumbers(services, tenantId, plan.portOrders[0].id, 1000)).toEqual(plan.portOrders[0].numbers);
      expect(await services.plan.orderNumbers(tenantId, 'UO-nowhere', { offset: 0, limit: 10 })).toBeUndefined();
    });
  });
});
