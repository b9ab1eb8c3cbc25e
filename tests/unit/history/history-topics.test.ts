/** The history's topics name the documents their services write (written out so reading the history loads none of those services). */
import { AUDITED_KINDS, HISTORY_TOPICS } from '../../../shared/services/history-topics';
import { SETTINGS_DOCUMENT } from '../../../shared/services/settings-document';
import { PLAN_DOCUMENT } from '../../../shared/services/plan-read-model';
import { SITE_RULES_DOCUMENT } from '../../../shared/services/sync-service';
import { PBX_INVENTORY_DOCUMENT } from '../../../shared/services/pbx-inventory-header';
import { SNAPSHOT_DOCUMENT } from '../../../shared/services/snapshot-repository';
import { PBX_MAPPING_DOCUMENT } from '../../../shared/services/pbx-import-service';
import { PORTFOLIO_DOCUMENT } from '../../../shared/services/portfolio-service';
import { MSP_CONSENT_DOCUMENT } from '../../../shared/domain/portfolio/msp-consent';
import { SUBSCRIPTIONS_DOCUMENT } from '../../../shared/services/subscription-service';
import { ORDER_TRACKING_DOCUMENT } from '../../../shared/services/order-tracking';

it('each topic filters by the kind its service audits under', () => {
  expect(Object.fromEntries(Object.entries(HISTORY_TOPICS).map(([topic, t]) => [topic, t.kind]))).toEqual({
    settings: SETTINGS_DOCUMENT,
    plan: PLAN_DOCUMENT,
    'site-rules': SITE_RULES_DOCUMENT,
    pbx: PBX_INVENTORY_DOCUMENT,
    sync: SNAPSHOT_DOCUMENT,
  });
});

it('the audited kinds are the documents whose services write history entries', () => {
  expect([...AUDITED_KINDS].sort()).toEqual(
    [SETTINGS_DOCUMENT, PLAN_DOCUMENT, SITE_RULES_DOCUMENT, PBX_INVENTORY_DOCUMENT, SNAPSHOT_DOCUMENT, PBX_MAPPING_DOCUMENT, PORTFOLIO_DOCUMENT, MSP_CONSENT_DOCUMENT, SUBSCRIPTIONS_DOCUMENT, ORDER_TRACKING_DOCUMENT].sort(),
  );
});
