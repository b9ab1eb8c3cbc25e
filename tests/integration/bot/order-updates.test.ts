/**
 * Recording where an order stands from the chat (bot/understanding/order-update.ts): "mark <order>
 * submitted ref ...", typed or pressed on the orders-due card, written like the tab's and the CLI's
 * updates; admins only. The real bot over botbuilder's TestAdapter, the small tenant planned on a fixed
 * clock in a real SQLite file.
 */
import { admin, ask, cardText, press, said, smallTenantWorld, viewer, type BotWorld } from './bot-kit';
import { ORDER_TRACKING, type OrderTracking } from '../../../shared/services/order-tracking';
import type { PortOrderRow } from '../../../shared/services/order-read-model';
import { expectValidAdaptiveCard } from '../../support/adaptive-card-schema';

let world: BotWorld;
let order: PortOrderRow;

beforeAll(async () => {
  world = await smallTenantWorld();
  // An order still to submit on the world's day (2026-02-03).
  order = (await world.services.plan.portOrders('contoso', { limit: 10 })).items.find((o) => o.submitBy >= '2026-02-03')!;
}, 60_000);

afterAll(() => world?.close());

const tracking = () => world.services.store.getRecord<OrderTracking>('contoso', ORDER_TRACKING, order.id);

it('an admin marks a port order submitted with its reference as typed; the same again is "was already"', async () => {
  const first = said(await ask(world.services, `mark ${order.id} submitted ref TEL-4471`));
  expect(first).toContain(`Port order ${order.id} is now submitted (ref. TEL-4471)`);
  expect(first).toContain(`from ${order.carrier}, wave ${order.waveNumber}`);
  expect(await tracking()).toMatchObject({ state: 'submitted', reference: 'TEL-4471', updatedBy: admin.name });
  // Lower case as typed on a phone: the same order.
  expect(said(await ask(world.services, `Mark ${order.id.toLowerCase()} as submitted reference TEL-4471`))).toContain(`Port order ${order.id} was already submitted (ref. TEL-4471)`);
  const history = await world.services.store.listAudit('contoso', 5);
  expect(history.filter((e) => e.action === 'orders.track')).toHaveLength(1);
});

it('a confirmed date after the cutover is flagged; a missing or impossible date is said, and nothing saved', async () => {
  const wave = (await world.services.plan.waves('contoso')).waves.find((w) => w.number === order.waveNumber)!;
  const late = said(await ask(world.services, `mark ${order.id} confirmed for 2099-01-05 ref TEL-4471`));
  expect(late).toContain(`is now confirmed for 2099-01-05 (ref. TEL-4471)`);
  expect(late).toContain(`The confirmed port date 2099-01-05 is after the wave's cutover on ${wave.date}`);
  expect(said(await ask(world.services, `mark ${order.id} confirmed`))).toMatch(/a confirmed order needs the date the carrier confirmed/);
  expect(said(await ask(world.services, `mark ${order.id} confirmed for 2027-02-30`))).toMatch(/focDate: expected a date as yyyy-mm-dd/);
  expect(await tracking()).toMatchObject({ state: 'foc-confirmed', focDate: '2099-01-05' });
});

it('a viewer is told to ask an admin; an unknown order and a wrong state for its kind are said', async () => {
  expect(said(await ask(world.services, `mark ${order.id} open`, { caller: viewer }))).toContain("Only the tenant's Teams admins can record where an order stands");
  expect((await tracking())?.state).toBe('foc-confirmed');
  expect(said(await ask(world.services, 'mark PO-W9-nowhere-1 submitted'))).toContain('The plan has no order PO-W9-nowhere-1');
  expect(said(await ask(world.services, `mark ${order.id} uploaded`))).toContain("A port order's state is one of open, submitted, foc-confirmed, ported, rejected");
  expect(said(await ask(world.services, `mark ${order.id} rejected: BTN does not match`))).toContain('Rejected: BTN does not match - send it again');
});

it("the orders-due card offers an admin a button per order to mark it submitted; pressing it does, and the card says so", async () => {
  await ask(world.services, `mark ${order.id} open`);
  const question = `orders due by ${order.submitBy}`;
  const card = (await ask(world.services, question)).find((r) => r.attachments?.length)!;
  expectValidAdaptiveCard(card.attachments![0].content);
  expect(cardText(card)).toContain(`[Mark ${order.id} submitted]`);
  // A viewer's card has no such buttons.
  expect(cardText((await ask(world.services, question, { caller: viewer })).find((r) => r.attachments?.length)!)).not.toContain('[Mark ');
  const pressed = await press(world.services, { text: `mark ${order.id} submitted` });
  expect(pressed.status).toBe(200);
  expect(cardText(pressed.body.value)).toContain(`Port order ${order.id} is now submitted`);
  expect((await tracking())?.state).toBe('submitted');
  // Submitted: no longer listed as due, counted instead.
  expect(cardText((await ask(world.services, question)).find((r) => r.attachments?.length)!)).toMatch(/submitted or uploaded already/);
});
