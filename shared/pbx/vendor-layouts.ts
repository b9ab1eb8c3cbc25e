/**
 * The export layouts of real PBXs, recognised by their headers. A layout says which column holds which
 * field (tried before the generic aliases of column-aliases.ts, so a vendor's "Prime Name" flag or
 * FreePBX's "devicetype" = fixed/adhoc is never mistaken for a name or a device model), which columns are
 * deliberately not read and why, what the vendor's device words mean, and which rows are not lines.
 *
 * Column names follow the vendors' public documentation (each layout names the document):
 * the import report shows the layout and the use of every column, so an admin can check the reading.
 */
import type { DeviceType } from '../domain/pbx-inventory';
import type { LineField } from './column-aliases';

export interface VendorLayout {
  id: string;
  /** What the admin sees in the import report. */
  name: string;
  /** The public document the column names follow. */
  source: string;
  /** True when the header keys (see headerKey) are this layout's. */
  matches(keys: ReadonlySet<string>): boolean;
  /** Header keys per field, tried before the generic aliases. */
  aliases: Partial<Record<LineField, string[]>>;
  /** Header keys never read as any field, with the reason the report shows. */
  ignored?: Record<string, string>;
  /** Vendor device words (lower case, letters and digits only) and what they are. */
  deviceTypes?: Record<string, DeviceType>;
  /** The device type of a row that gives none (SfB users are softphones, not "no type"). */
  defaultDeviceType?: DeviceType;
  /** CUCM: DIRECTORY NUMBER 1..n, each its own line (see multi-line-columns.ts). */
  multiLine?: boolean;
  /**
   * The DID column may hold a number several lines share (a CUCM mask without X, a SfB LineURI with
   * ;ext=): shared by several lines it is their main number, not a duplicate DID.
   */
  didMayBeShared?: boolean;
  /** A row that is not a line (IM-only user, an alternative directory name): the reason, counted in a warning. */
  skipRow?: (cell: (key: string) => string) => string | undefined;
}

const has = (keys: ReadonlySet<string>, ...wanted: string[]) => wanted.every((k) => keys.has(k));
const hasAny = (keys: ReadonlySet<string>, ...wanted: string[]) => wanted.some((k) => keys.has(k));
const CREDENTIAL = 'a credential: never read';

export const VENDOR_LAYOUTS: readonly VendorLayout[] = [
  {
    id: 'cisco-cucm-phones',
    name: 'Cisco Unified CM phone export (BAT "Export Phones - All Details" / phone CSV)',
    source: 'Cisco Unified Communications Manager Bulk Administration Guide: "Export Phone Records", "Phone File Format" (DEVICE NAME, DEVICE POOL, OWNER USER ID, DIRECTORY NUMBER n, EXTERNAL PHONE NUMBER MASK n, ...)',
    matches: (k) => k.has('devicename') && [...k].some((key) => /^directorynumber\d+$/.test(key)),
    aliases: {
      ownerId: ['owneruserid'],
      site: ['devicepool'],
      deviceType: ['devicetype', 'phonetype'],
      deviceName: ['devicename'],
    },
    ignored: {
      description: 'the device description, not its owner',
      location: 'a call-admission (CAC) location, not a site',
      devicesecurityprofile: 'not needed to plan',
    },
    deviceTypes: {
      ciscounifiedclientservicesframework: 'softphone',
      ciscodualmodeforiphone: 'softphone',
      ciscodualmodeforandroid: 'softphone',
      ciscojabberfortablet: 'softphone',
      ctiport: 'other',
      ctiroutepoint: 'other',
    },
    multiLine: true,
    didMayBeShared: true,
  },
  {
    id: 'cisco-cucm-users',
    name: 'Cisco Unified CM end-user export (BAT "Export Users")',
    source: 'Cisco Unified Communications Manager Bulk Administration Guide: "Export User Records", "User File Format" (FIRST NAME, LAST NAME, USER ID, TELEPHONE NUMBER, MAIL ID, PRIMARY EXTENSION, ...)',
    matches: (k) => has(k, 'userid', 'primaryextension'),
    aliases: {
      extension: ['primaryextension'],
      ownerId: ['userid'],
      ownerUpn: ['mailid'],
      ownerFirstName: ['firstname'],
      ownerLastName: ['lastname'],
      did: ['telephonenumber'],
    },
    ignored: {
      manageruserid: 'the manager in the directory, not a boss-delegate pairing on the PBX',
      password: CREDENTIAL,
      pin: CREDENTIAL,
      department: 'not needed to plan',
    },
    didMayBeShared: true,
  },
  {
    id: 'avaya-cm-stations',
    name: 'Avaya Communication Manager station list ("list station" / Site Administration export)',
    source: 'Avaya Aura Communication Manager Screen Reference: "list station" and "Station" screen (Extension, Port, Name, Type, COR, COS, Coverage Path)',
    matches: (k) => has(k, 'extension', 'port', 'name') && hasAny(k, 'type', 'settype'),
    aliases: { extension: ['extension'], ownerName: ['name'], deviceType: ['type', 'settype'], deviceName: ['port'] },
    ignored: {
      cor: 'class of restriction: not migrated',
      cos: 'class of service: not migrated',
      coveragepath: 'coverage path: rebuilt as Teams call forwarding, not read',
      room: 'not needed to plan',
      jack: 'not needed to plan',
      cable: 'not needed to plan',
    },
    deviceTypes: { callrid: 'analog', cid: 'analog', '2500': 'analog', virtual: 'other', xmobile: 'softphone', h323: 'ip-phone' },
  },
  {
    id: 'avaya-smgr-users',
    name: 'Avaya Aura System Manager user export (bulk user sheet)',
    source: 'Avaya Aura System Manager "Administering": User Management, bulk import/export of users (Login Name, First Name, Last Name, CM Endpoint profile: Extension, Set Type)',
    matches: (k) => k.has('loginname') && hasAny(k, 'extension', 'cmendpointextension', 'endpointextension'),
    aliases: {
      ownerUpn: ['loginname'],
      extension: ['cmendpointextension', 'endpointextension', 'extension'],
      deviceType: ['settype', 'endpointsettype', 'template'],
      ownerFirstName: ['firstname', 'givenname'],
      ownerLastName: ['lastname', 'surname'],
      site: ['homelocation', 'location'],
      did: ['e164handle', 'otherhandle'],
    },
    ignored: { password: CREDENTIAL, communicationprofilepassword: CREDENTIAL, securitycode: CREDENTIAL },
    deviceTypes: { callrid: 'analog', '2500': 'analog' },
  },
  {
    id: 'sfb-response-groups',
    name: 'Skype for Business Server response groups (Get-CsRgsWorkflow | Export-Csv)',
    source: 'Microsoft Learn: Get-CsRgsWorkflow (Name, PrimaryUri, LineUri, DisplayNumber, Description)',
    matches: (k) => has(k, 'primaryuri', 'lineuri'),
    aliases: { did: ['lineuri'], huntGroups: ['name'], deviceName: ['primaryuri'], notes: ['description'] },
    ignored: { displaynumber: 'the number as displayed; LineUri is read instead' },
    defaultDeviceType: 'other',
    didMayBeShared: true,
  },
  {
    id: 'sfb-analog',
    name: 'Skype for Business Server analog devices (Get-CsAnalogDevice | Export-Csv)',
    source: 'Microsoft Learn: Get-CsAnalogDevice (LineURI, DisplayName, AnalogFax, Gateway, SipAddress)',
    matches: (k) => k.has('lineuri') && hasAny(k, 'analogfax', 'gateway'),
    aliases: { did: ['lineuri'], ownerName: ['displayname'], deviceType: ['analogfax'], deviceName: ['sipaddress'], notes: ['gateway'] },
    ignored: { registrarpool: 'a server pool, not a site' },
    deviceTypes: { true: 'fax', false: 'analog' },
    defaultDeviceType: 'analog',
    didMayBeShared: true,
  },
  {
    id: 'sfb-common-area',
    name: 'Skype for Business Server common-area phones (Get-CsCommonAreaPhone | Export-Csv)',
    source: 'Microsoft Learn: Get-CsCommonAreaPhone (LineURI, DisplayName, DisplayNumber, Description, SipAddress)',
    matches: (k) => k.has('lineuri') && k.has('displaynumber') && !k.has('userprincipalname'),
    aliases: { did: ['lineuri'], ownerName: ['displayname'], deviceName: ['sipaddress'], notes: ['description'] },
    ignored: { registrarpool: 'a server pool, not a site', displaynumber: 'the number as displayed; LineURI is read instead' },
    defaultDeviceType: 'common-area',
    didMayBeShared: true,
  },
  {
    id: 'sfb-users',
    name: 'Skype for Business Server users (Get-CsUser | Export-Csv)',
    source: 'Microsoft Learn: Get-CsUser (SipAddress, UserPrincipalName, DisplayName, LineURI, EnterpriseVoiceEnabled, RegistrarPool, SamAccountName)',
    matches: (k) => has(k, 'sipaddress', 'lineuri') && hasAny(k, 'enterprisevoiceenabled', 'userprincipalname', 'registrarpool'),
    aliases: {
      did: ['lineuri'],
      ownerUpn: ['userprincipalname', 'sipaddress'],
      ownerName: ['displayname'],
      ownerId: ['samaccountname'],
    },
    ignored: {
      registrarpool: 'a server pool, not a site',
      enterprisevoiceenabled: 'read to skip users without Enterprise Voice',
      identity: 'an AD distinguished name: the UPN is read instead',
      hostedvoicemail: 'not needed to plan',
    },
    defaultDeviceType: 'softphone',
    didMayBeShared: true,
    skipRow: (cell) => {
      if (!cell('lineuri')) return 'have no LineURI (not voice users)';
      if (/^false$/i.test(cell('enterprisevoiceenabled'))) return 'are not enabled for Enterprise Voice';
      return undefined;
    },
  },
  {
    id: 'mitel-mivb',
    name: 'Mitel MiVoice Business telephone directory / users and services export',
    source: 'Mitel MiVoice Business System Administration Tool help: "Telephone Directory" form export (Name, Directory Number, Prime Name, Department, Location) and "User and Services Configuration" spreadsheet (First Name, Last Name, Office phone number, Office Device/User Type, Office MAC Address, Voice Mailbox)',
    // The User and Services Configuration sheet has no Prime Name: its "Office phone number" beside a name says it is Mitel's.
    matches: (k) =>
      (k.has('primename') && hasAny(k, 'directorynumber', 'number', 'telephonenumber')) || (k.has('officephonenumber') && hasAny(k, 'firstname', 'lastname')),
    aliases: {
      extension: ['directorynumber', 'number', 'telephonenumber', 'officephonenumber'],
      ownerFirstName: ['firstname'],
      ownerLastName: ['lastname'],
      ownerName: ['name'],
      ownerUpn: ['emailaddress', 'email'],
      deviceType: ['devicetype', 'officedeviceusertype'],
      deviceName: ['macaddress', 'officemacaddress'],
      did: ['didnumber', 'did'],
      voicemail: ['voicemailbox'],
    },
    ignored: {
      primename: 'a Yes/No flag (the prime name of the number), not the name: rows with "No" are alternative names and are skipped',
      department: 'not needed to plan',
      privacy: 'not needed to plan',
    },
    deviceTypes: { ons: 'analog', ops: 'analog', lsons: 'analog', analog: 'analog', hotdeskuser: 'ip-phone', ehdu: 'other', externalhotdeskuser: 'other', micollab: 'softphone', sipdevice: 'ip-phone', genericsipphone: 'ip-phone' },
    skipRow: (cell) => (/^(no|n|false)$/i.test(cell('primename')) ? 'are alternative directory names (Prime Name = No)' : undefined),
  },
  {
    id: 'unify-openscape',
    name: 'Unify OpenScape station export (OpenScape 4000 STNO/DVCFIG or OpenScape Voice subscribers)',
    source: 'Unify OpenScape 4000 AMO SBCSU (STNO, DVCFIG, COS, PUGR) and OpenScape Voice Assistant subscriber export (Subscriber, Display Name, Device Type)',
    matches: (k) => k.has('stno') || (hasAny(k, 'subscriber', 'subscriberdn') && hasAny(k, 'displayname', 'name')),
    aliases: {
      extension: ['stno', 'subscriberdn', 'subscriber'],
      ownerName: ['displayname', 'name'],
      deviceType: ['dvcfig', 'devicetype'],
      pickupGroup: ['pugr', 'pickupgroup'],
      did: ['did', 'ddi', 'e164', 'publicnumber'],
    },
    ignored: { cos1: 'class of service: not migrated', cos2: 'class of service: not migrated', lcosv1: 'not needed to plan', lcosd1: 'not needed to plan' },
    deviceTypes: { anate: 'analog', ana: 'analog', optiip: 'ip-phone', optiset: 'ip-phone', optipoint: 'ip-phone', openstage: 'ip-phone', hfa: 'ip-phone', s0pp: 'other', fax: 'fax' },
  },
  {
    id: '3cx-extensions',
    name: '3CX extensions export (Users > Export)',
    source: '3CX documentation "Importing Extensions in Bulk - CSV File Structure" (Number, FirstName, LastName, EmailAddress, MobileNumber, AuthID, OutboundCallerID, DID)',
    matches: (k) => has(k, 'number', 'firstname') && hasAny(k, 'authid', 'outboundcallerid', 'webmeetingfriendlyname'),
    aliases: {
      extension: ['number'],
      ownerFirstName: ['firstname'],
      ownerLastName: ['lastname'],
      ownerUpn: ['emailaddress'],
      did: ['did', 'didnumbers'],
      voicemail: ['enablevoicemail'],
    },
    ignored: {
      authid: CREDENTIAL,
      authpassword: CREDENTIAL,
      pin: CREDENTIAL,
      mobilenumber: 'a mobile number, not a DID',
      webmeetingfriendlyname: 'not needed to plan',
    },
  },
  {
    id: 'freepbx-bulk',
    name: 'FreePBX Bulk Handler extensions export',
    source: 'FreePBX Bulk Handler module documentation: extensions CSV (extension, name, tech, devicetype, outboundcid, voicemail, email, ...)',
    matches: (k) => has(k, 'extension', 'tech') && hasAny(k, 'devicetype', 'outboundcid', 'sipname'),
    aliases: { extension: ['extension'], ownerName: ['name', 'description'], deviceType: ['tech'], ownerUpn: ['email', 'vmemail'], voicemail: ['voicemail'] },
    ignored: {
      devicetype: 'fixed/adhoc says how the device is tied to the user, not what it is',
      secret: CREDENTIAL,
      password: CREDENTIAL,
      devinfosecret: CREDENTIAL,
      user: 'the FreePBX user id, the same as the extension',
      cidmasquerade: 'not needed to plan',
    },
    deviceTypes: { pjsip: 'ip-phone', sip: 'ip-phone', iax2: 'ip-phone', dahdi: 'analog', analog: 'analog', virtual: 'other', custom: 'other' },
  },
];

/** The first layout whose headers the row holds (undefined: the canonical columns and generic aliases). */
export function detectLayout(keys: ReadonlySet<string>): VendorLayout | undefined {
  return VENDOR_LAYOUTS.find((l) => l.matches(keys));
}

/** Lower case, letters and digits only: how vendor device words are looked up. */
export function deviceWordKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
