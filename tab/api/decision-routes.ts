/** Planning settings and path decisions for the tab: read/save the settings (409 on a stale version), the decision summary, readiness pages. */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { actorName } from '../../shared/services/caller';
import { z } from 'zod';
import { SETTINGS_SECTIONS } from '../../shared/services/settings-patch';
import { BadRequestError, expectedVersionOf, queryChoice, queryInt, queryText } from './request-input';

const ItemTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('site-decision'), siteId: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('user-override'), user: z.string().min(1).max(320) }),
  z.strictObject({ kind: z.literal('site-attributes'), siteId: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('call-queue-account'), groupId: z.string().min(1).max(300) }),
  z.strictObject({ kind: z.literal('section'), section: z.enum(SETTINGS_SECTIONS) }),
]);
/** Up to 2,000 items: a bulk decision over every site of a large tenant fits in one change. */
const ItemChangesSchema = z.strictObject({
  changes: z
    .array(z.strictObject({ target: ItemTargetSchema, value: z.unknown(), expected: z.unknown() }))
    .min(1)
    .max(2000),
});

export function registerDecisionRoutes(router: Router, services: AppServices): void {
  router.get('/settings', async (req, res) => {
    res.json(await services.decisions.getSettings(req.caller!.tenantId));
  });

  router.put('/settings', async (req, res) => {
    const body = req.body as { settings?: unknown; expectedVersion?: unknown; restoredFromVersion?: unknown } | undefined;
    if (!body || typeof body !== 'object' || body.settings === undefined) {
      throw new BadRequestError('Send { settings, expectedVersion }.', [{ path: '$.settings', message: 'required' }]);
    }
    const v = expectedVersionOf(body, req.get('if-match'));
    // A restore from the history says which version it puts back, so the audit trail reads as a restore.
    const restored = body.restoredFromVersion;
    if (restored !== undefined && !(Number.isSafeInteger(restored) && (restored as number) >= 1)) {
      throw new BadRequestError('restoredFromVersion must be a settings version number (1 or more).', [{ path: '$.restoredFromVersion', message: 'expected an integer >= 1' }]);
    }
    const c = req.caller!;
    const saved = await services.decisions.saveSettings(c.tenantId, actorName(c), body.settings, v, {
      restoredFromVersion: restored as number | undefined,
    });
    // Paths, readiness and the People view start following the saved settings now, off the event loop;
    // the answer does not wait (at 100,000 people that takes seconds): /decisions and /readiness wait
    // for it, the People page says it is refreshing. A failed refresh is retried by the next reader.
    if (!saved.unchanged) services.decisionsRefresher.refresh(c.tenantId).catch(() => undefined);
    res.json(saved);
  });

  // Per-item changes (a site's decision, a person's override, a section of the forms): each carries the
  // item as it was read, so admins changing different items never conflict; a 409 carries both versions.
  router.patch('/settings', async (req, res) => {
    const parsed = ItemChangesSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BadRequestError(
        'Send { changes: [{ target, value, expected }] }.',
        parsed.error.issues.slice(0, 20).map((i) => ({ path: `$.${i.path.join('.')}`, message: i.message })),
      );
    }
    const c = req.caller!;
    const changes = parsed.data.changes.map((ch) => ({ target: ch.target, value: ch.value ?? null, expected: ch.expected ?? null }));
    const saved = await services.decisions.changeSettingsItems(c.tenantId, actorName(c), changes);
    if (!saved.unchanged) services.decisionsRefresher.refresh(c.tenantId).catch(() => undefined);
    res.json(saved);
  });

  // Validation without saving, for the tab's settings editor (the same issues, by JSON path, as a refused save).
  router.post('/settings/validate', async (req, res) => {
    const issues = await services.decisions.checkSettings(req.caller!.tenantId, (req.body as { settings?: unknown })?.settings);
    res.json({ valid: !issues.some((i) => i.severity === 'error'), issues });
  });

  // From the stored read models; when the settings (or the snapshot, or the inventory) changed, they
  // are brought up to date first, off the event loop.
  router.get('/decisions', async (req, res) => {
    res.type('application/json').send(await services.decisions.summaryJson(req.caller!.tenantId));
  });

  router.get('/readiness', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const severity = queryChoice(q, 'severity', ['blocker', 'warning'] as const);
    res.json(
      await services.decisions.listReadiness(req.caller!.tenantId, {
        siteId: queryText(q, 'siteId'),
        code: queryText(q, 'code'),
        personId: queryText(q, 'personId'),
        severity,
        offset: queryInt(q, 'offset'),
        limit: queryInt(q, 'limit'),
      }),
    );
  });
}
