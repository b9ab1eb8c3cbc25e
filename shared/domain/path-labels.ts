/** What the tab, the bot and the workbooks call each PSTN path: one list, so they always agree. */
import type { PstnPath } from './planning-settings';

export const PATH_LABELS: Record<PstnPath, string> = {
  OC: 'Operator Connect',
  DR: 'Direct Routing',
  CP: 'Calling Plan',
  PBX: 'Stays on PBX',
};
