/**
 * Turns what an export says about a device ("Cisco 8845", "9608", "2500", "Fax", "Lobby phone") into one
 * of the planner's device types. Order matters: purpose words (fax, elevator) beat model numbers, because
 * an analog fax port is still a fax line; analog models beat the generic "four digits = desk phone" rule.
 */
import type { DeviceType } from '../domain/pbx-inventory';
import { DEVICE_TYPES } from '../domain/pbx-inventory';

const EXACT: Record<string, DeviceType> = {
  ipphone: 'ip-phone',
  deskphone: 'ip-phone',
  sipphone: 'ip-phone',
  phone: 'ip-phone',
  digital: 'ip-phone',
  digitalphone: 'ip-phone',
  softphone: 'softphone',
  softclient: 'softphone',
  analog: 'analog',
  analogue: 'analog',
  analogphone: 'analog',
  fax: 'fax',
  commonarea: 'common-area',
  commonareaphone: 'common-area',
  elevator: 'elevator',
  lift: 'elevator',
  door: 'door',
  doorphone: 'door',
  paging: 'paging',
  modem: 'modem',
  autoattendant: 'auto-attendant',
  ivr: 'auto-attendant',
  vdn: 'auto-attendant',
  other: 'other',
};

/** Purpose first, then vendor model families. Sources: CUCM device type names, Avaya set types, Mitel/Unify models. */
const PATTERNS: Array<[RegExp, DeviceType]> = [
  [/\bfax/, 'fax'],
  [/\b(modem|alarm|pos|credit ?card|dial-?up|burglar|meter)\b/, 'modem'],
  [/\b(elevator|lift)\b/, 'elevator'],
  [/\b(door|gate|entry|entrance|intercom|doorbell)\b/, 'door'],
  [/\b(paging|overhead|page|loudspeaker|pa system)\b/, 'paging'],
  [/\b(lobby|common[ -]?area|courtesy|break ?room|kitchen|hallway|reception desk|meeting room|conference room)\b/, 'common-area'],
  [/\b(analog|analogue|ata|fxs|vg\d+|vgc|single[ -]line|pots|2500|6210|6211|6219|6220|6221)\b/, 'analog'],
  [
    /\b(softphone|soft ?client|jabber|client services framework|csf|ip communicator|communicator|one-x|workplace|webex|dual mode|tct|bot|tab|equinox|micollab|vdi)\b/,
    'softphone',
  ],
  // Unity Connection call handlers, Avaya VDNs, 3CX digital receptionists, FreePBX IVRs, Mitel/Unify auto attendants.
  [/\b(auto[ -]?attendant|ivr|vdn|vector directory number|digital receptionist|call handler|voice menu)\b/, 'auto-attendant'],
  [/\b(cti|route point|virtual|phantom|x-?port|admin port)\b/, 'other'],
  [
    /\b(cisco \d{4}|ip ?phone|desk ?phone|sip|polycom|yealink|poly|openstage|openscape desk|desk|j1\d\d|\d{4}[a-z]*(sip)?|mitel \d{4}|[0-9]{2}xx|handset|dect)\b/,
    'ip-phone',
  ],
];

// Exports repeat a handful of model names thousands of times: remember each answer.
const cache = new Map<string, DeviceType | undefined>();

export function parseDeviceType(text: string): DeviceType | undefined {
  if (cache.has(text)) return cache.get(text);
  const type = classify(text);
  if (cache.size < 10_000) cache.set(text, type);
  return type;
}

function classify(text: string): DeviceType | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === '') return undefined;
  const exact = EXACT[lower.replace(/[^a-z0-9]/g, '')];
  if (exact) return exact;
  if ((DEVICE_TYPES as readonly string[]).includes(lower)) return lower as DeviceType;
  for (const [re, type] of PATTERNS) if (re.test(lower)) return type;
  return undefined;
}

export const DEVICE_TYPE_HINT = `one of ${DEVICE_TYPES.join(', ')}, or a vendor model such as "Cisco 8845", "Cisco ATA 191", "9608", "J179", "2500"`;

/** Lines that stand for one person's phone and so need an owner. ('other' may be an application port.) */
export function needsOwner(type: DeviceType): boolean {
  return type === 'ip-phone' || type === 'softphone';
}
