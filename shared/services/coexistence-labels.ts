/** Words for the Coexistence lists' codes, the same in the tab's grids and in their workbooks. */
import type { CoexistenceRouteKind } from './coexistence-read-model';

export const ROUTE_TARGET_LABELS: Record<string, string> = { teams: 'Teams', pbx: 'PBX', ata: 'ATA behind the SBC' };

export const ROUTE_KIND_LABELS: Record<CoexistenceRouteKind, string> = {
  'teams-to-pbx': 'Teams voice route to the PBX',
  'pbx-to-teams': 'PBX route to Teams',
};
