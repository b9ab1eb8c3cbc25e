/**
 * Header aliases: the column names real PBX and carrier exports use for each canonical field. Headers
 * are compared after `headerKey` (lower case, no accents, letters and digits only), so "OWNER USER ID",
 * "Owner User Id" and "owner_user_id" are the same column. For each field the first alias present wins.
 *
 * Sources for the vendor names (checked against the public admin guides):
 * - Cisco Unified CM Bulk Administration Guide, appendix "Text-based CSV files" / "Export File Fields for
 *   All Phone Details": DEVICE NAME, DESCRIPTION, DEVICE TYPE, DEVICE POOL, LOCATION, OWNER USER ID,
 *   DIRECTORY NUMBER 1, ROUTE PARTITION 1, LINE DESCRIPTION 1, ALERTING NAME 1, DISPLAY 1, LINE TEXT LABEL 1,
 *   EXTERNAL PHONE NUMBER MASK 1, VOICE MAIL PROFILE 1, CALL PICKUP GROUP 1 (the vendor layout in
 *   vendor-layouts.ts reads every DIRECTORY NUMBER n of a phone).
 * - Avaya Communication Manager "list station" / Avaya Site Administration station export: Extension,
 *   Port, Name, Type (Set Type), COR, COS, Coverage Path, Room, Jack, Cable, Hunt-to Station.
 * - Mitel MiVoice Business user and device export: Directory Number, First Name/Last Name, Device Type,
 *   Prime Name, Email Address; Unify OpenScape: Subscriber, Display Name, Device Type, Pickup Group.
 * Anything else: an explicit column-mapping file (see column-mapping.ts).
 */

export const LINE_FIELDS = [
  'extension',
  'did',
  'owner',
  'ownerUpn',
  'ownerName',
  'ownerFirstName',
  'ownerLastName',
  'ownerId',
  'partition',
  'site',
  'country',
  'deviceType',
  'deviceName',
  'huntGroups',
  'huntMethod',
  'huntOrder',
  'huntRingSeconds',
  'huntNoAnswer',
  'huntMaxSeconds',
  'huntQueueLimit',
  'huntQueueFull',
  'forwardAll',
  'forwardAllVoicemail',
  'forwardNoAnswer',
  'forwardNoAnswerVoicemail',
  'forwardNoAnswerSeconds',
  'callerId',
  'pickupGroup',
  'delegateOf',
  'callCentreAgent',
  'voicemail',
  'notes',
] as const;
export type LineField = (typeof LINE_FIELDS)[number];

export const BLOCK_FIELDS = [
  'first',
  'last',
  'count',
  'carrier',
  'trunk',
  'account',
  'btn',
  'site',
  'country',
  'portConstraint',
  'portType',
  'portFreeze',
  'currentDestination',
  'extensions',
] as const;
export type BlockField = (typeof BLOCK_FIELDS)[number];

export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export const LINE_ALIASES: Record<LineField, string[]> = {
  extension: ['extension', 'ext', 'extn', 'directorynumber1', 'directorynumber', 'dn', 'station', 'stationextension', 'subscriber', 'subscriberdn', 'internalnumber', 'shortnumber', 'primaryextension'],
  did: ['did', 'ddi', 'didnumber', 'ddinumber', 'e164', 'phonenumber', 'telephonenumber', 'externalnumber', 'publicnumber', 'directdial', 'externalphonenumbermask1', 'externalphonenumbermask', 'fullnumber'],
  owner: ['owner', 'user', 'assignedto'],
  ownerUpn: ['ownerupn', 'upn', 'userprincipalname', 'owneremail', 'email', 'emailaddress', 'mail', 'owneruserid', 'userid', 'loginid'],
  // Not "Prime Name": Mitel writes a Yes/No flag under it (see vendor-layouts.ts).
  ownerName: ['ownername', 'displayname', 'fullname', 'username', 'name', 'alertingname1', 'display1', 'linedescription1', 'description'],
  ownerFirstName: ['ownerfirstname', 'firstname', 'givenname'],
  ownerLastName: ['ownerlastname', 'lastname', 'surname', 'familyname'],
  ownerId: ['ownerid', 'samaccountname', 'onpremisessamaccountname', 'accountname', 'logonname'],
  partition: ['partition', 'routepartition1', 'routepartition', 'partition1'],
  site: ['site', 'sitename', 'office', 'branch', 'building', 'devicepool', 'location'],
  country: ['country', 'countrycode', 'isocountry', 'isocountrycode'],
  deviceType: ['devicetype', 'type', 'settype', 'phonetype', 'model', 'phonemodel', 'product', 'endpointtype'],
  deviceName: ['devicename', 'device', 'macaddress', 'mac', 'port'],
  huntGroups: ['huntgroups', 'huntgroup', 'huntgroupname', 'linegroup', 'linegroups', 'huntgroupmember'],
  // How the line's groups offer a call (hunt-methods.ts): CUCM's distribution algorithm, Avaya's group type, a ring strategy.
  // The line's place in its groups' hunt: CUCM's line selection order, Avaya's group member number, a ring order.
  huntOrder: ['huntorder', 'huntposition', 'lineselectionorder', 'linegroupmemberorder', 'memberorder', 'memberposition', 'grpmem', 'groupmember', 'ringorder'],
  // How long the group rings a member before the hunt moves on: CUCM's RNA reversion timeout, Skype for
  // Business's agent alert time, a FreePBX or 3CX ring time. Not a line's own no-answer timer (how long
  // it rings before its forward), which exports name "No Answer Ring Duration" or "No Answer Timer".
  huntRingSeconds: ['huntringseconds', 'huntringtime', 'rnareversiontimeout', 'ringnoanswerreversiontimeout', 'agentalerttime', 'alerttime', 'ringtime', 'grptime', 'ringtimeout'],
  // Where the group sends a call nobody answered (CUCM hunt pilot's Forward Hunt No Answer, FreePBX's
  // "Destination if no answer", SfB's timeout action), and after how long (CUCM's Maximum Hunt Timer).
  huntNoAnswer: ['huntnoanswer', 'huntnoanswerdestination', 'forwardhuntnoanswerdestination', 'forwardhuntnoanswer', 'destinationifnoanswer', 'noanswerdestination', 'failoverdestination', 'timeoutdestination', 'timeoutaction', 'postdest'],
  huntMaxSeconds: ['huntmaxseconds', 'maximumhunttimer', 'maxhunttimer', 'hunttimer', 'timeoutthreshold', 'grouptimeout', 'queuetimeout', 'maxwaittime'],
  // How many callers may wait before the queue is full (CUCM hunt pilot's Maximum Number of Callers Allowed
  // in Queue, Avaya's queue limit, FreePBX's and Asterisk's maxlen, SfB's overflow threshold), and where a
  // new call goes while it is (CUCM's Destination When Queue is Full, SfB's overflow action).
  huntQueueLimit: ['huntqueuelimit', 'queuelimit', 'maximumnumberofcallersallowedinqueue', 'maxcallersinqueue', 'maxcallers', 'maxqueuesize', 'queuesize', 'queuelength', 'maxqueuelength', 'maxlen', 'overflowthreshold'],
  huntQueueFull: ['huntqueuefull', 'destinationwhenqueueisfull', 'queuefulldestination', 'whenqueueisfull', 'fullqueuedestination', 'queuefull', 'overflowdestination', 'overflowaction', 'overflowtarget'],
  // The owner's own forwarding (line-forwarding.ts): CUCM's FORWARD ALL DESTINATION n and FORWARD NO
  // ANSWER INTERNAL (or EXTERNAL) DESTINATION n, each with a VOICE MAIL n flag beside it, and NO ANSWER RING
  // DURATION n; FreePBX's noanswer_dest and ringtimer; Mitel's and Unify's call forward columns. Not a
  // group's no-answer destination (huntNoAnswer above), which exports name after the hunt or the group.
  forwardAll: ['forwardall', 'forwardalldestination', 'forwardalldestination1', 'callforwardall', 'callforwardalldestination', 'cfa', 'cfwdall', 'cfwdalldestination', 'forwardimmediate', 'immediateforward'],
  forwardAllVoicemail: ['forwardallvoicemail', 'forwardallvoicemail1', 'forwardalltovoicemail', 'cfavoicemail'],
  forwardNoAnswer: [
    'forwardnoanswer',
    'forwardnoanswerdestination',
    'forwardnoanswerinternaldestination1',
    'forwardnoanswerinternaldestination',
    'forwardnoanswerexternaldestination1',
    'forwardnoanswerexternaldestination',
    'forwardnoanswerdestinationinternal1',
    'forwardnoanswerdestinationinternal',
    'forwardnoanswerinternal1',
    'forwardnoanswerinternal',
    'callforwardnoanswer',
    'callforwardnoanswerdestination',
    'cfna',
    'cfwdnoanswer',
    'noanswerdest',
    'forwardunanswered',
  ],
  forwardNoAnswerVoicemail: ['forwardnoanswervoicemail', 'forwardnoanswerinternalvoicemail1', 'forwardnoanswerinternalvoicemail', 'forwardnoanswerexternalvoicemail1', 'cfnavoicemail'],
  // What the line's outbound calls showed when not its own number (caller-id.ts): 3CX's OutboundCallerID,
  // FreePBX's outboundcid ("Contoso" <4255550100>), a withheld one. Not a bare "Caller ID", which exports
  // also use for the name shown.
  callerId: ['outboundcallerid', 'outboundcid', 'outboundclid', 'outboundcli', 'outgoingcallerid', 'externalcallerid', 'calleridnumber', 'presentednumber'],
  forwardNoAnswerSeconds: ['forwardnoanswerseconds', 'noanswerringduration1', 'noanswerringduration', 'forwardnoanswerringduration1', 'forwardnoanswerringduration', 'noanswertimer', 'noanswertimeout', 'cfnatimer', 'ringtimer'],
  huntMethod: ['huntmethod', 'huntalgorithm', 'distributionalgorithm', 'linegroupdistributionalgorithm', 'huntmode', 'hunttype', 'huntgrouptype', 'grouptype', 'ringstrategy', 'ringgroupstrategy', 'pollingstrategy', 'routingmethod'],
  pickupGroup: ['pickupgroup', 'callpickupgroup1', 'callpickupgroup', 'pickup'],
  delegateOf: ['delegateof', 'bossextension', 'bossext', 'delegatefor', 'assistantof', 'executiveextension'],
  callCentreAgent: ['callcentreagent', 'callcenteragent', 'callcentreteam', 'callcenterteam', 'acdagent', 'agent', 'contactcentreagent', 'contactcenteragent', 'callqueue', 'queue'],
  voicemail: ['voicemail', 'hasvoicemail', 'vm', 'mailbox', 'voicemailprofile1', 'voicemailprofile'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks'],
};

export const BLOCK_ALIASES: Record<BlockField, string[]> = {
  // A DID file (one number per row with its extension) is a blocks file of one-number blocks.
  first: ['first', 'firstnumber', 'start', 'startnumber', 'rangestart', 'from', 'numberfrom', 'fromnumber', 'didstart', 'begin', 'did', 'ddi', 'didnumber', 'ddinumber'],
  last: ['last', 'lastnumber', 'end', 'endnumber', 'rangeend', 'to', 'numberto', 'tonumber', 'didend'],
  count: ['count', 'size', 'blocksize', 'quantity', 'qty', 'numbers', 'numbercount'],
  carrier: ['carrier', 'provider', 'serviceprovider', 'operator', 'telco', 'losingcarrier'],
  trunk: ['trunk', 'trunkgroup', 'siptrunk', 'circuit', 'circuitid', 'pri'],
  account: ['account', 'accountnumber', 'carrieraccount', 'billingaccount', 'acct'],
  btn: ['btn', 'accountbtn', 'billingtelephonenumber', 'billingnumber', 'mainnumber', 'pilotnumber', 'leadnumber'],
  site: ['site', 'sitename', 'office', 'branch', 'location'],
  country: ['country', 'countrycode', 'isocountry', 'isocountrycode'],
  portConstraint: ['portconstraint', 'porting', 'portable', 'portrule'],
  // Whether the account is ported in full or in part (its BTN stays with the carrier): carriers' port
  // order forms ask "Port Type: full / partial" or "Partial Port: yes / no".
  portType: ['porttype', 'accountporttype', 'partialport', 'fullorpartial', 'portscope'],
  // A freeze the customer placed on the account with its carrier (a local service freeze, port-out
  // protection, a number lock): the carrier rejects every port request until it is lifted.
  portFreeze: ['portfreeze', 'freeze', 'carrierfreeze', 'accountfreeze', 'localservicefreeze', 'servicefreeze', 'portprotection', 'portoutprotection', 'numberlock', 'portlock'],
  currentDestination: ['currentdestination', 'destination', 'pbx', 'pbxname', 'routedto', 'terminatesat'],
  extensions: ['extensions', 'extensionrange', 'extensionpattern', 'extensionsrange', 'internalrange', 'internalnumbers', 'stationrange', 'extension', 'station'],
};
