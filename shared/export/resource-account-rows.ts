/**
 * The Resource accounts sheets: the numbers that go to an account rather than a person - a PBX group's
 * pilot to its call queue's resource account (group-set-ups.ts), a site's main number to its auto
 * attendant's (main-number-set-ups.ts), a common-area phone's to the phone's own account
 * (common-area-phone-set-ups.ts) - wave by wave, with the account the cutover runbook creates.
 * A sheet of their own next to Number assignments, which stays one row per person: bulk assignment
 * and the row counts built on it take every row there for a user.
 */
import type { CommonAreaPhone, GroupNumber, MainNumber, Wave } from '../domain/plan';
import { NO_PHONE_ACCOUNT } from './common-area-phone-set-ups';
import { splitGroupId } from '../domain/migration-group-labels';
import type { ExportInput } from './export-input';
import { Lookups, PATH_LABELS, powerShellNumberType } from './export-model';
import { exportGroupSetUps } from './group-set-ups';
import { waveMainNumberSetUps } from './main-number-set-ups';
import type { ColumnSpec } from './sheet-writer';

/** Headers as on Number assignments where the meaning is the same. */
export const RESOURCE_ACCOUNT_COLUMNS: ColumnSpec[] = [
  { header: 'Account (UPN)', width: 34 },
  { header: 'Kind and name', width: 34 },
  { header: 'Site', width: 20 },
  { header: 'Number to assign', width: 17, kind: 'phone' },
  { header: 'Number type', width: 16 },
  { header: 'Operator or SBC', width: 24 },
  { header: 'Wave', width: 7, kind: 'integer' },
  { header: 'Cutover date', width: 12, kind: 'date' },
  { header: 'Set up by', width: 60, kind: 'wrap' },
];

export type ResourceAccountRow = [string, string, string, string, string, string, number, string, string];

const BY_SCRIPT = 'The cutover script';

/** Each wave's pilot numbers, then its main numbers, then its common-area phones (or only `only`'s), in plan order. */
export function resourceAccountRows(input: ExportInput, lookups: Lookups, only?: Wave): ResourceAccountRow[] {
  const rows: ResourceAccountRow[] = [];
  for (const wave of only ? [only] : input.plan.waves) {
    const row = (upn: string, kind: string, n: GroupNumber | MainNumber | CommonAreaPhone, setUpBy: string): ResourceAccountRow => [
      upn,
      kind,
      lookups.siteName(n.siteId),
      n.number ?? '',
      powerShellNumberType(n.path, n.numberType) ?? PATH_LABELS[n.path],
      lookups.carrierOf(n),
      wave.number,
      wave.date,
      setUpBy,
    ];
    const groups = exportGroupSetUps(input, wave.number);
    for (const n of wave.groupNumbers ?? []) {
      const queue = groups.callQueues.find((q) => q.pilot?.number === n.number);
      if (queue) {
        rows.push(row(queue.resourceAccount, `Call queue ${queue.name}`, n, queue.existingAccount ? `${BY_SCRIPT}, on the tenant's own account (the settings' call queue accounts)` : BY_SCRIPT));
        continue;
      }
      // The runbook left the group to a person (too many agents, a member without a plain UPN): say why.
      const why = groups.pilotsLeft.find((x) => x.number === n.number)?.why;
      rows.push(row('', `Call queue ${splitGroupId(n.groupId).name}`, n, `A person${why ? `: ${why}` : ''}`));
    }
    const mains = waveMainNumberSetUps(input, wave.number);
    for (const n of wave.mainNumbers ?? []) {
      const attendant = mains.autoAttendants.find((a) => a.main === n);
      if (attendant) {
        const steps = mains.notes.filter((x) => x.attendant === attendant.name).map((x) => x.step);
        const by = attendant.existingAccount ? `${BY_SCRIPT}, on the tenant's own account (the site's settings)` : BY_SCRIPT;
        rows.push(row(attendant.resourceAccount, `Auto attendant ${attendant.name}`, n, [by, ...steps.map((s) => `A person: ${s}`)].join('\n')));
        continue;
      }
      const why = mains.skipped.find((x) => x.number === n.number)?.reason;
      rows.push(row('', `Auto attendant ${lookups.siteName(n.siteId)} main number`, n, `A person${why ? `: ${why}` : ''}`));
    }
    for (const phone of wave.commonAreaPhones ?? []) {
      const kind = `Common-area phone ${phone.displayName}`;
      // The runbook sets up the account the plan names; without one, a person does.
      if (!phone.account) {
        rows.push(row('', kind, phone, `A person: ${NO_PHONE_ACCOUNT}`));
        continue;
      }
      const number = phone.number ? '' : ' It has no number on the PBX: it calls inside Teams only.';
      rows.push(row(phone.account, kind, phone, `${BY_SCRIPT} (Microsoft Teams Shared Devices licence, IP phone policy).${number}\nA person: set the account's password and sign the phone in.`));
    }
  }
  return rows;
}
