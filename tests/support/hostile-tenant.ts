/**
 * One demo tenant whose data carries hostile text in every field that reaches an output: display names,
 * UPN local parts, office locations and site names (buildings, rooms, officeLocation), PBX line labels,
 * hunt and pickup group names, DID block carriers, trunks and accounts; and planning settings with
 * hostile operator names, SBC carriers, override reasons and notes. The tenant is served by the real demo
 * Graph server and read by the sync; the PBX files go through the import; the settings through
 * `PUT /api/settings` - the same paths an admin's data takes.
 */
import { DEMO_TENANT_ID } from '../../shared/config/app-config';
import { slugify } from '../../shared/domain/site-derivation';
import { demoPbxExport } from '../../shared/demo/demo-pbx-export';
import { generateDemoTenant, type DemoTenant } from '../../shared/demo/demo-tenant-generator';

/** The host every hostile link or image points at: no output may link to it. */
export const EVIL_HOST = 'evil.example';

/**
 * The payloads. Each starts the field it is put in (formula triggers act only at the start of a cell).
 * Semicolons are kept out of the list used for multi-valued PBX cells (hunt groups), where `;` separates values.
 */
export const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://evil.example","x")',
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '-2+3',
  '@SUM(1,1)',
  '\t=1+1 tab',
  '\r=1+1 cr',
];
export const HTML_PAYLOADS = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>'];
export const MARKDOWN_PAYLOADS = ['[Sign in again](https://evil.example/login)', '![x](https://evil.example/p.png)'];
export const POWERSHELL_PAYLOADS = [
  '$(Remove-Item x)',
  "'; Remove-Item x; '",
  '`whoami` "dq" | & x',
  '\u2018; Remove-Item x; \u2019',
  '\u201Cquoted\u201D \u201Alow\u201B',
];
export const RTL_PAYLOAD = 'RTL \u202Efdp.exe';
/** A very long value (a display name of 2,000 characters). */
export const LONG_PAYLOAD = `Long ${'name '.repeat(400)}end`;

export const ALL_PAYLOADS = [...FORMULA_PAYLOADS, ...HTML_PAYLOADS, ...MARKDOWN_PAYLOADS, ...POWERSHELL_PAYLOADS, RTL_PAYLOAD, LONG_PAYLOAD];

/** Catalogue sites renamed (as buildings, room lists, rooms and office locations all name them). */
export const HOSTILE_SITE_NAMES: Record<string, string> = {
  Paris: 'Paris <img src=x onerror=alert(1)><script>alert(1)</script>',
  Amsterdam: '=HYPERLINK("http://evil.example","Amsterdam")',
  Stockholm: 'Stockholm [Sign in again](https://evil.example/login) ![x](https://evil.example/p.png)',
  Madrid: "Madrid '; Remove-Item x; ' $(Remove-Item x) \u2018q\u2019 \u201Cdq\u201D",
};

/** A handful of UPN local parts with the characters Entra allows that mean something elsewhere. */
export const HOSTILE_UPN_LOCALS = ["o'brien.hostile", '-minus.hostile', "'quote'.hostile", '#hash!bang^~'];

export const USERS = 300;
export const SEED = 42;

export interface HostileTenant {
  tenant: DemoTenant;
  linesCsv: string;
  blocksCsv: string;
  /** Site ids as the sync derives them (slugs of the names). */
  siteIds: { paris: string; amsterdam: string; stockholm: string; madrid: string };
  /** People given a hostile display name: UPN -> display name. */
  hostilePeople: Map<string, string>;
  hostileUpns: string[];
  /** Hunt group names as stored. */
  huntGroupNames: string[];
}

/** A JSON string's inside (what replaces a plain string inside the tenant's JSON text). */
const inJson = (s: string) => JSON.stringify(s).slice(1, -1);

export function hostileTenant(): HostileTenant {
  const base = generateDemoTenant({ users: USERS, seed: SEED, tenantId: DEMO_TENANT_ID });
  // Site names and UPNs are repeated across users, places, numbers and PBX lines: renamed in the JSON text
  // so every reference follows (a site name also inside "Paris, Floor 3" and "Paris Rooms").
  let text = JSON.stringify(base);
  for (const [from, to] of Object.entries(HOSTILE_SITE_NAMES)) text = text.split(from).join(inJson(to));
  const people = base.users.filter((u) => !u.userPrincipalName!.startsWith('_') && base.people.find((p) => p.upn === u.userPrincipalName)?.kind === 'user');
  const hostileUpns: string[] = [];
  HOSTILE_UPN_LOCALS.forEach((local, k) => {
    const old = people[20 + k].userPrincipalName!;
    const upn = `${local}@${base.domain}`;
    text = text.split(`"${inJson(old)}"`).join(`"${inJson(upn)}"`);
    hostileUpns.push(upn);
  });
  const tenant = JSON.parse(text) as DemoTenant;

  // Display names: every third user leads with a payload (and keeps a real name after it, as people would see).
  const hostilePeople = new Map<string, string>();
  const users = tenant.users.filter((u) => tenant.people.find((p) => p.upn === u.userPrincipalName)?.kind === 'user');
  users.forEach((u, i) => {
    if (i % 3 !== 0) return;
    const payload = ALL_PAYLOADS[(i / 3) % ALL_PAYLOADS.length];
    u.displayName = payload === LONG_PAYLOAD ? payload : `${payload} ${u.givenName}`;
    if (i % 6 === 0) u.jobTitle = ALL_PAYLOADS[(i / 6) % ALL_PAYLOADS.length];
    hostilePeople.set(u.userPrincipalName!, u.displayName);
  });
  // Office locations that map nowhere: shown as the reason a person has no site.
  users.slice(40, 44).forEach((u, k) => (u.officeLocation = [...HTML_PAYLOADS, ...MARKDOWN_PAYLOADS][k]));

  // PBX: labels of the lines nobody owns, hunt and pickup group names, carriers, trunks.
  const noSemicolon = ALL_PAYLOADS.filter((p) => !p.includes(';') && p !== LONG_PAYLOAD);
  tenant.pbx.lines.filter((l) => !l.ownerUpn).forEach((l, i) => (l.label = `${ALL_PAYLOADS[i % ALL_PAYLOADS.length]} ${l.label}`));
  tenant.pbx.huntGroups.forEach((h, i) => (h.name = `${noSemicolon[i % noSemicolon.length]} ${h.name}`));
  tenant.pbx.lines.filter((l) => l.pickupGroup).forEach((l, i) => (l.pickupGroup = `${noSemicolon[(i + 3) % noSemicolon.length]} ${l.pickupGroup}`));
  tenant.pbx.didBlocks.forEach((b, i) => {
    b.carrier = `${noSemicolon[i % noSemicolon.length]} ${b.carrier}`;
    b.trunk = `${noSemicolon[(i + 5) % noSemicolon.length]} trunk`;
  });
  const pbx = demoPbxExport(tenant);
  // The account column is derived from the BTN by the export: made hostile per account here.
  const accounts = new Map<string, string>();
  const blocksCsv = pbx.blocksCsv.replace(/ACC-(\d+)/g, (m) => {
    if (!accounts.has(m)) accounts.set(m, `"${FORMULA_PAYLOADS[accounts.size % FORMULA_PAYLOADS.length].replace(/"/g, '""')} ${m}"`);
    return accounts.get(m)!;
  });
  return {
    tenant,
    linesCsv: pbx.linesCsv,
    blocksCsv,
    siteIds: {
      paris: slugify(HOSTILE_SITE_NAMES.Paris),
      amsterdam: slugify(HOSTILE_SITE_NAMES.Amsterdam),
      stockholm: slugify(HOSTILE_SITE_NAMES.Stockholm),
      madrid: slugify(HOSTILE_SITE_NAMES.Madrid),
    },
    hostilePeople,
    hostileUpns,
    huntGroupNames: tenant.pbx.huntGroups.map((h) => h.name),
  };
}

/**
 * Planning settings for the tenant's first ten sites, with hostile operator names, SBC carriers, site
 * notes, override reasons and change-freeze reasons. Ids stay plain: they are checked as identifiers.
 */
export function hostileSettings(h: HostileTenant): Record<string, unknown> {
  const upns = [...h.hostilePeople.keys()];
  return {
    schemaVersion: 1,
    tenant: { cloud: 'global', mspDelivered: false, smallSiteMaxUsers: 10 },
    operators: [
      { id: 'op-eu', name: `${FORMULA_PAYLOADS[0]} ${HTML_PAYLOADS[0]} ${MARKDOWN_PAYLOADS[0]}`, countries: ['FR', 'NL', 'SE', 'ES'], enabledCountries: ['FR', 'NL', 'SE', 'ES'], portLeadTimeDays: 14, pricePerUserPerMonth: 6.9 },
      { id: 'op-uk', name: `${POWERSHELL_PAYLOADS[1]} ${POWERSHELL_PAYLOADS[0]} ${POWERSHELL_PAYLOADS[3]}`, countries: ['GB'], enabledCountries: ['GB'], portLeadTimeDays: 10, pricePerUserPerMonth: 7.5 },
      { id: 'op-us', name: `@SUM(1,1) ${MARKDOWN_PAYLOADS[1]} ${RTL_PAYLOAD}`, countries: ['US', 'CA'], enabledCountries: ['US', 'CA'], portLeadTimeDays: 21, pricePerUserPerMonth: 8.25 },
    ],
    sbcs: [
      {
        id: 'sbc-fra',
        fqdn: 'sbc-fra.contoso.example',
        siteIds: ['berlin', h.siteIds.madrid],
        countries: ['DE', 'IT'],
        carriers: [FORMULA_PAYLOADS[1], HTML_PAYLOADS[1], MARKDOWN_PAYLOADS[0], POWERSHELL_PAYLOADS[2], POWERSHELL_PAYLOADS[4]],
        licensedSessions: 12,
        pricePerSessionPerYear: 1.25,
        readyDate: '2026-12-14',
        voiceRoutingPolicy: 'VRP-DE',
      },
    ],
    sites: ['seattle', 'london-city', 'berlin', h.siteIds.paris, h.siteIds.amsterdam, h.siteIds.madrid, 'milan', h.siteIds.stockholm, 'toronto', 'london-docklands'].map((siteId) => ({
      siteId,
      emergencyAddress: 'validated',
      emergencyRouting: true,
    })),
    decisions: {
      sites: [
        { siteId: 'seattle', path: 'OC', operatorId: 'op-us', note: FORMULA_PAYLOADS[0] },
        { siteId: 'berlin', path: 'DR', sbcId: 'sbc-fra', note: POWERSHELL_PAYLOADS[1] },
        { siteId: h.siteIds.madrid, path: 'DR', sbcId: 'sbc-fra', note: MARKDOWN_PAYLOADS[0] },
        { siteId: h.siteIds.paris, path: 'OC', operatorId: 'op-eu', note: HTML_PAYLOADS[0] },
        { siteId: h.siteIds.stockholm, path: 'OC', operatorId: 'op-eu' },
        { siteId: 'london-docklands', path: 'OC', operatorId: 'op-uk' },
      ],
      users: [
        { user: upns[1], path: 'PBX', stayUntil: '2027-09-30', reason: `${FORMULA_PAYLOADS[1]} ${HTML_PAYLOADS[0]}` },
        { user: upns[2], path: 'PBX', reason: `${MARKDOWN_PAYLOADS[0]} ${POWERSHELL_PAYLOADS[1]}` },
        { user: h.hostileUpns[0], path: 'PBX', reason: `${POWERSHELL_PAYLOADS[3]} ${RTL_PAYLOAD}` },
      ],
    },
    scheduling: {
      startDate: '2027-01-11',
      waveCapacity: { users: 80, sites: 3, numbers: 200 },
      cutoverWeekdays: [2, 3, 4],
      cutoverTime: '19:00',
      changeFreezes: [{ from: '2027-03-29', to: '2027-04-02', reason: `${FORMULA_PAYLOADS[0]} ${MARKDOWN_PAYLOADS[0]}` }],
    },
  };
}
