/**
 * Vendor layouts, table-driven: each export as the vendor writes it (header variants included) is
 * recognised by its headers and read into lines; shared lines, multi-line devices, masks, spare stations,
 * analog/ONS/ATA devices and unknown models come out as the issue asks.
 */
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { parseColumnMapping } from '../../../shared/pbx/column-mapping';
import { runImport } from './run-import';

const byExt = (lines: PbxLine[]) => Object.fromEntries(lines.map((l) => [l.extension ?? l.id, l]));

const CUCM_HEADER = 'DEVICE NAME,DESCRIPTION,DEVICE TYPE,DEVICE POOL,OWNER USER ID,DIRECTORY NUMBER 1,ROUTE PARTITION 1,ALERTING NAME 1,EXTERNAL PHONE NUMBER MASK 1,DIRECTORY NUMBER 2,ROUTE PARTITION 2,ALERTING NAME 2,EXTERNAL PHONE NUMBER MASK 2';

describe('recognised by the headers, whatever their spelling', () => {
  test.each([
    { layout: 'cisco-cucm-phones', header: CUCM_HEADER, row: 'SEP1,,Cisco 8845,DP_Seattle,mbowen,1001,PT_Internal,Megan Bowen,42555501XX,,,,' },
    { layout: 'cisco-cucm-phones', header: 'Device Name,Device Type,Device Pool,Owner User ID,Directory Number 1,Route Partition 1,External Phone Number Mask 1', row: 'SEP1,Cisco 8845,DP_Seattle,mbowen,1001,PT_Internal,42555501XX' },
    { layout: 'cisco-cucm-phones', header: 'device_name,device_type,device_pool,owner_user_id,directory_number_1,external_phone_number_mask_1', row: 'SEP1,Cisco 8845,DP_Seattle,mbowen,1001,42555501XX' },
    { layout: 'cisco-cucm-users', header: 'FIRST NAME,LAST NAME,USER ID,MAIL ID,TELEPHONE NUMBER,PRIMARY EXTENSION', row: 'Megan,Bowen,mbowen,,+1 425 555 0101,1001 in PT_Internal' },
    { layout: 'avaya-cm-stations', header: 'Extension,Port,Name,Type,COR,COS', row: '1001,S00101,"Bowen, Megan",9608,1,1' },
    { layout: 'avaya-cm-stations', header: 'EXTENSION;PORT;NAME;SET TYPE', row: '1001;S00101;BOWEN, Megan;J179' },
    { layout: 'avaya-smgr-users', header: 'Login Name,Last Name,First Name,CM Endpoint Extension,Set Type', row: 'megan.bowen@contoso.example,Bowen,Megan,1001,J179' },
    { layout: 'sfb-users', header: 'Identity,SipAddress,DisplayName,LineURI,EnterpriseVoiceEnabled,RegistrarPool', row: 'CN=x,sip:megan.bowen@contoso.example,Megan Bowen,tel:+14255550101;ext=1001,True,pool01' },
    { layout: 'sfb-common-area', header: 'Identity,LineURI,DisplayName,DisplayNumber,SipAddress', row: 'CN=x,tel:+14255550120,Lobby,+1 425 555 0120,sip:lobby@contoso.example' },
    { layout: 'sfb-analog', header: 'Identity,LineURI,DisplayName,AnalogFax,Gateway', row: 'CN=x,tel:+14255550130,Fax,True,gw1' },
    { layout: 'sfb-response-groups', header: 'Name,PrimaryUri,LineUri,Description', row: 'Sales,sip:sales@contoso.example,tel:+14255550199,Sales' },
    { layout: 'mitel-mivb', header: 'First Name,Last Name,Number,Prime Name,Device Type', row: 'Megan,Bowen,1001,Yes,6930' },
    { layout: 'mitel-mivb', header: 'Name,Directory Number,Prime Name,Location', row: 'Megan Bowen,1001,Yes,Seattle' },
    // MiVoice Business "User and Services Configuration" sheet: no Prime Name, the number is "Office phone number".
    { layout: 'mitel-mivb', header: 'First Name,Last Name,Office phone number,Office Device/User Type,Office MAC Address,Hot Desk Login Accept,Voice Mailbox', row: 'Megan,Bowen,1001,6930,08000F112233,No,Yes' },
    { layout: 'unify-openscape', header: 'STNO;NAME;DVCFIG;PUGR', row: '1001;Bowen Megan;OPTIIP;1' },
    { layout: 'unify-openscape', header: 'Subscriber,Display Name,Device Type', row: '+14255550101,Megan Bowen,OpenStage 40' },
    { layout: '3cx-extensions', header: 'Number,FirstName,LastName,EmailAddress,AuthID,AuthPassword,DID', row: '1001,Megan,Bowen,megan.bowen@contoso.example,abc,pw,+14255550101' },
    { layout: 'freepbx-bulk', header: 'extension,name,tech,devicetype,outboundcid,voicemail', row: '1001,Megan Bowen,pjsip,fixed,,default' },
  ])('$layout: $header', async ({ layout, header, row }) => {
    const result = await runImport(`${header}\n${row}`, { defaultCountry: 'US' });
    expect(result.report.errors).toEqual([]);
    expect(result.report.layout?.id).toBe(layout);
    expect(result.inventory.lines).toHaveLength(1);
    const line = result.inventory.lines[0];
    expect(line.match).toMatchObject({ status: expect.stringMatching(/matched|non-person|unmatched/) });
    if (!['sfb-common-area', 'sfb-analog', 'sfb-response-groups'].includes(layout)) expect(line.match).toMatchObject({ status: 'matched', personId: 'p-megan' });
  });

  test('the canonical columns are no vendor layout', async () => {
    const result = await runImport('extension,did,owner_upn\n1001,+14255550101,megan.bowen@contoso.example');
    expect(result.report.layout).toMatchObject({ name: 'canonical columns' });
    expect(result.report.layout?.id).toBeUndefined();
  });
});

describe('Cisco CUCM: lines, not rows', () => {
  test('every line of a multi-line device is read, each with its own mask and name', async () => {
    const result = await runImport(`${CUCM_HEADER}\nSEP1,,Cisco 8865,DP_Seattle,adele.vance,1002,PT_Internal,Adele Vance,42555501XX,1098,PT_Internal,Sales overflow,42555501XX`);
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines.map((l) => [l.id, l.lineIndex, l.did, l.ownerName, l.partition])).toEqual([
      ['seattle/1002', 1, '+14255550102', 'Adele Vance', 'PT_Internal'],
      ['seattle/1098', 2, '+14255550198', 'Sales overflow', 'PT_Internal'],
    ]);
  });

  test('desk phone and Jabber of one owner in two device pools: one line, two devices, no duplicate', async () => {
    const result = await runImport(
      `${CUCM_HEADER}\nSEP1,,Cisco 8845,DP_Seattle_Phones,mbowen,1001,PT_Internal,Megan Bowen,42555501XX,,,,\nCSFMBOWEN,,Cisco Unified Client Services Framework,DP_Seattle_Softphones,mbowen,1001,PT_Internal,Megan Bowen,42555501XX,,,,`,
    );
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines).toHaveLength(1);
    expect(result.inventory.lines[0]).toMatchObject({ id: 'seattle/1001', did: '+14255550101', match: { status: 'matched', personId: 'p-megan' } });
    expect(result.inventory.lines[0].devices?.map((d) => [d.name, d.deviceType, d.siteName])).toEqual([
      ['SEP1', 'ip-phone', 'DP_Seattle_Phones'],
      ['CSFMBOWEN', 'softphone', 'DP_Seattle_Softphones'],
    ]);
    expect(result.inventory.groups).toEqual([]);
  });

  test("a boss's line on the assistant's phone (line 2) is a boss-delegate group of both people", async () => {
    const result = await runImport(
      `${CUCM_HEADER}\nSEP1,,Cisco 8845,DP_Seattle,mbowen,1001,PT_Internal,Megan Bowen,42555501XX,,,,\nSEP2,,Cisco 8865,DP_Seattle,adele.vance,1002,PT_Internal,Adele Vance,42555501XX,1001,PT_Internal,Megan Bowen,42555501XX`,
    );
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.groups).toEqual([
      { id: 'boss-delegate:seattle/1001', kind: 'boss-delegate', name: 'seattle/1001', lineIds: ['seattle/1001', 'seattle/1002'], personIds: ['p-adele', 'p-megan'] },
    ]);
  });

  test('one number as line 1 of two owners is a shared line', async () => {
    const result = await runImport(
      `${CUCM_HEADER}\nSEP1,,Cisco 8845,DP_Seattle,mbowen,1050,PT_Internal,Support,42555501XX,,,,\nSEP2,,Cisco 8845,DP_Seattle,alex.wilber,1050,PT_Internal,Support,42555501XX,1010,PT_Internal,Alex Wilber,42555501XX`,
    );
    expect(result.report.errors).toEqual([]);
    const group = result.inventory.groups.find((g) => g.kind === 'shared-line');
    expect(group).toMatchObject({ id: 'shared-line:seattle/1050', personIds: ['p-alex', 'p-megan'] });
    expect(group?.lineIds).toEqual(['seattle/1010', 'seattle/1050']);
  });

  test('a mask without X shared by several lines is their main number, not a duplicate DID; alone it is the DID', async () => {
    const result = await runImport(
      `${CUCM_HEADER}\nSEP1,,Cisco 7841,DP_Seattle,dsiciliani,1011,PT_Internal,Diego,4255550100,,,,\nSEP2,,Cisco 7841,DP_Seattle,lynne.robbins,1012,PT_Internal,Lynne,4255550100,,,,\nSEP3,,Cisco 7841,DP_Seattle,alex.wilber,1010,PT_Internal,Alex,4255550110,,,,`,
    );
    expect(result.report.errors).toEqual([]);
    const lines = byExt(result.inventory.lines);
    expect(lines['1011']).toMatchObject({ did: undefined, mainNumber: '+14255550100' });
    expect(lines['1012']).toMatchObject({ did: undefined, mainNumber: '+14255550100' });
    expect(lines['1010']).toMatchObject({ did: '+14255550110' });
    expect(result.report.mainNumbers).toEqual([{ number: '+14255550100', lines: 2 }]);
    expect(result.report.dids['main-number']).toBe(1);
  });

  test('owner user ids match the on-premises account name; the device pool names the site', async () => {
    const result = await runImport(`${CUCM_HEADER}\nSEP1,,Cisco 7841,DP_Seattle_Phones,dsiciliani,1011,PT_Internal,,42555501XX,,,,`);
    expect(result.inventory.lines[0]).toMatchObject({ siteId: 'seattle', ownerId: 'dsiciliani', match: { status: 'matched', personId: 'p-diego', rule: 'upn' } });
    expect(result.inventory.lines[0].match.explanation).toMatch(/sAMAccountName/);
  });

  test('a phone without any directory number holds no line: skipped and counted, not an error', async () => {
    const result = await runImport(`${CUCM_HEADER}\nSEP1,,Cisco 8845,DP_Seattle,mbowen,1001,PT_Internal,Megan Bowen,42555501XX,,,,\nSEP9,,Cisco 7841,DP_Seattle,,,,,,,,,`);
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines).toHaveLength(1);
    expect(result.report.warnings.map((w) => w.reason)).toContain('1 row skipped: they are devices without any directory number');
  });

  test('the end-user export: "2000 in PT_Internal" is extension 2000 in partition PT_Internal', async () => {
    const result = await runImport('FIRST NAME,LAST NAME,USER ID,PRIMARY EXTENSION\nJohanna,Lorenz,jlorenz,2000 in PT_Internal');
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines[0]).toMatchObject({ extension: '2000', partition: 'PT_Internal', ownerId: 'jlorenz', match: { personId: 'p-johanna' } });
  });
});

describe('device types: analog, ONS, ATA and unknown models', () => {
  test.each([
    { name: 'Avaya CallrID', csv: 'Extension,Port,Name,Type\n2111,01A0102,Reception,CallrID', type: 'analog' },
    { name: 'Avaya 2500', csv: 'Extension,Port,Name,Type\n2110,01A0101,Fax,2500', type: 'analog' },
    { name: 'Mitel ONS', csv: 'First Name,Last Name,Number,Prime Name,Device Type\nMain,Fax,1030,Yes,ONS', type: 'analog' },
    { name: 'Cisco ATA', csv: `${CUCM_HEADER}\nATA1,,Cisco ATA 191,DP_Seattle,,1030,PT_Internal,Fax,42555501XX,,,,`, type: 'analog' },
    { name: 'FreePBX dahdi', csv: 'extension,name,tech,devicetype\n1030,Fax,dahdi,fixed', type: 'analog' },
    { name: 'FreePBX pjsip (devicetype fixed/adhoc ignored)', csv: 'extension,name,tech,devicetype\n1001,Megan Bowen,pjsip,adhoc', type: 'ip-phone' },
    { name: 'Unify ANATE', csv: 'STNO;NAME;DVCFIG\n2010;Fax;ANATE', type: 'analog' },
    { name: 'SfB analog fax', csv: 'LineURI,DisplayName,AnalogFax,Gateway\ntel:+14255550130,Fax,True,gw1', type: 'fax' },
  ])('$name -> $type', async ({ csv, type }) => {
    const result = await runImport(csv, { defaultCountry: 'US' });
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines[0].deviceType).toBe(type);
  });

  test('an unknown model of any vendor is other, with one warning naming it', async () => {
    const result = await runImport(`${CUCM_HEADER}\nSRD1,,Cisco Spark Remote Device,DP_London,pgupta,2099,PT_Internal,Pradeep,,,,,`);
    expect(result.report.accepted).toBe(true);
    expect(result.inventory.lines[0]).toMatchObject({ deviceType: 'other', deviceModel: 'Cisco Spark Remote Device' });
    expect(result.report.warnings.map((w) => w.reason)).toContainEqual(expect.stringMatching(/unknown device model "Cisco Spark Remote Device" on 1 line/));
  });
});

describe('spare stations and rows that are not lines', () => {
  test('an Avaya station with port X and no name is an unassigned extension, with its derived DID', async () => {
    const result = await runImport('Extension,Port,Name,Type\n2120,X,,9608', { blocksCsv: 'first,last,extensions,carrier,site,port_constraint\n+44 20 7946 0000,+44 20 7946 0999,2xxx,Fabrikam,London,whole-block' });
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines[0]).toMatchObject({ unassigned: true, did: '+442079460120', siteId: 'london', didRule: 'extension 2xxx -> +442079460000..' });
    expect(result.report.unassigned).toEqual([expect.objectContaining({ extension: '2120', did: '+442079460120' })]);
  });

  test.each(['SPARE', 'Vacant 12', 'not used'])('a station named "%s" is a spare station too', async (name) => {
    const result = await runImport(`Extension,Port,Name,Type\n2121,S00121,${name},9608`);
    expect(result.inventory.lines[0]).toMatchObject({ unassigned: true, match: { status: 'unmatched', explanation: expect.stringMatching(/spare or unnamed station/) } });
  });

  test('SfB users without a LineURI or without Enterprise Voice are skipped and counted', async () => {
    const result = await runImport(
      'SipAddress,UserPrincipalName,LineURI,EnterpriseVoiceEnabled\nsip:a@contoso.example,a@contoso.example,,False\nsip:b@contoso.example,b@contoso.example,tel:+14255550150,False\nsip:megan.bowen@contoso.example,megan.bowen@contoso.example,tel:+14255550101,True',
    );
    expect(result.inventory.lines).toHaveLength(1);
    expect(result.report.warnings.map((w) => w.reason)).toEqual(
      expect.arrayContaining(['1 row skipped: they have no LineURI (not voice users)', '1 row skipped: they are not enabled for Enterprise Voice']),
    );
  });

  test('Mitel: Prime Name is a Yes/No flag, never the name; "No" rows are alternative names', async () => {
    const result = await runImport('First Name,Last Name,Number,Prime Name,Device Type\nAdele,Vance,1002,Yes,6920\nFront,Desk,1002,No,');
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines).toEqual([expect.objectContaining({ extension: '1002', ownerName: 'Adele Vance' })]);
    expect(result.report.layout?.columns).toContainEqual({ header: 'Prime Name', fields: [], note: expect.stringMatching(/^ignored: a Yes\/No flag/) });
  });

  test('3CX: Number is the extension even when every user has a DID; credentials are never read', async () => {
    const result = await runImport('Number,FirstName,LastName,EmailAddress,AuthID,AuthPassword,OutboundCallerID,DID\n1001,Megan,Bowen,megan.bowen@contoso.example,abc,secret,+14255550100,+14255550101');
    expect(result.inventory.lines[0]).toMatchObject({ extension: '1001', did: '+14255550101' });
    expect(result.report.layout?.columns).toContainEqual({ header: 'AuthPassword', fields: [], note: 'ignored: a credential: never read' });
  });
});

describe('DIDs derived from extensions through the blocks', () => {
  test('block "+44 20 7946 0xxx" covers extensions 0xxx, with the rule in the report', async () => {
    const result = await runImport('Extension,Port,Name,Type\n0123,S1,"Lorenz, Johanna",J179', { blocksCsv: 'first,carrier,site,port_constraint\n+44 20 7946 0xxx,Fabrikam,London,whole-block' });
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.blocks[0]).toMatchObject({ first: '+442079460000', last: '+442079460999', count: 1000, extensions: '+44 20 7946 0xxx' });
    expect(result.inventory.lines[0]).toMatchObject({ did: '+442079460123', siteId: 'london', didRule: 'extension 0xxx -> +44 20 7946 0xxx' });
    // "SURNAME, Given" read, within the site the DID's block points to.
    expect(result.inventory.lines[0].match).toMatchObject({ status: 'matched', personId: 'p-johanna', rule: 'name-in-site' });
    expect(result.report.derivedDids).toEqual([{ rule: 'extension 0xxx -> +44 20 7946 0xxx', lines: 1 }]);
  });

  test('two sites on one extension range: the line site decides, none derives without it', async () => {
    const blocksCsv = 'first,last,extensions,carrier,site,port_constraint\n+1 425 555 0100,+1 425 555 0199,1xxx,Contoso,Seattle,partial\n+44 20 7946 0100,+44 20 7946 0199,1xxx,Fabrikam,London,partial';
    const result = await runImport('extension,owner_name,site\n1005,Someone,London\n1006,Someone Else,', { blocksCsv, defaultCountry: 'US' });
    expect(byExt(result.inventory.lines)['1005'].did).toBe('+442079460105');
    expect(byExt(result.inventory.lines)['1006'].did).toBeUndefined();
  });
});

describe('the column mapping renames, combines, transforms and ignores', () => {
  test('join first and last name, strip a partition suffix, ignore a column', async () => {
    const mapping = parseColumnMapping({
      lines: {
        extension: { column: 'Primary Line', stripAfter: ' in ' },
        ownerName: { join: ['Given', 'Family'] },
        did: 'Public Number',
        ignore: ['Kind'],
      },
    });
    const result = await runImport('Primary Line,Given,Family,Public Number,Kind\n1011 in PT_Internal,Diego,Siciliani,+1 425 555 0111,adhoc', { mapping });
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines[0]).toMatchObject({ extension: '1011', ownerName: 'Diego Siciliani', did: '+14255550111', deviceType: 'ip-phone', match: { personId: 'p-diego' } });
    expect(result.report.layout?.columns).toEqual([
      { header: 'Primary Line', fields: ['extension'] },
      { header: 'Given', fields: ['ownerName'] },
      { header: 'Family', fields: ['ownerName'] },
      { header: 'Public Number', fields: ['did'] },
      { header: 'Kind', fields: [], note: 'ignored by the column mapping' },
    ]);
  });

  test.each([
    [{ lines: { ownerName: { join: ['A'] } } }, /lines\.ownerName/],
    [{ lines: { extension: { column: 'A', trim: 'x' } } }, /lines\.extension/],
    [{ lines: { ignore: 'devicetype' } }, /lines\.ignore/],
  ])('a bad rule is refused naming the field: %j', (value, message) => {
    expect(() => parseColumnMapping(value)).toThrow(message);
  });

  test('the mapping can switch off a column a vendor layout reads', async () => {
    const mapping = parseColumnMapping({ lines: { ignore: ['tech'] } });
    const result = await runImport('extension,name,tech,devicetype\n1030,Main fax,dahdi,fixed', { mapping });
    expect(result.inventory.lines[0].deviceType).toBe('ip-phone');
    expect(result.report.layout?.columns).toContainEqual({ header: 'tech', fields: [], note: 'ignored by the column mapping' });
  });

  test('a mapping that ignores a column the header does not hold is refused', async () => {
    const mapping = parseColumnMapping({ lines: { ignore: ['Nope'] } });
    await expect(runImport('extension,did,owner_upn\n1001,+14255550101,megan.bowen@contoso.example', { mapping })).rejects.toThrow(/"Nope"/);
  });
});

describe('Avaya with a separate DID file', () => {
  test('a DID file (number, extension) gives each station its DID, one-number blocks', async () => {
    const result = await runImport('Extension,Port,Name,Type\n2101,S00101,"Lorenz, Johanna",J179\n2102,S00102,"Gupta, Pradeep",9608', {
      blocksCsv: 'DID,Extension,Carrier,Site,Port Constraint\n+44 20 7946 0101,2101,Fabrikam,London,partial\n+44 20 7946 0102,2102,Fabrikam,London,partial',
    });
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.blocks.map((b) => [b.first, b.count, b.extensions])).toEqual([
      ['+442079460101', 1, '2101'],
      ['+442079460102', 1, '2102'],
    ]);
    expect(result.inventory.lines.map((l) => [l.extension, l.did, l.match.personId])).toEqual([
      ['2101', '+442079460101', 'p-johanna'],
      ['2102', '+442079460102', 'p-pradeep'],
    ]);
    expect(result.report.derivedDids).toEqual([{ rule: 'extension -> DID in the DID file', lines: 2 }]);
  });
});

describe('FreePBX: extensions with the Bulk Handler DIDs export as the DID file', () => {
  // The extensions export holds no DID: FreePBX keeps them as inbound routes, which Bulk Handler exports
  // as "DIDs" (the incoming DID under "extension", where it goes as "from-did-direct,<extension>,1").
  const extensionsCsv = 'extension,name,voicemail,ringtimer,outboundcid,sipname,noanswer_dest,tech,dial,description,email\n1001,Megan Bowen,default,0,,,,pjsip,PJSIP/1001,Megan Bowen,megan.bowen@contoso.example\n1002,Adele Vance,novm,0,,,,pjsip,PJSIP/1002,Adele Vance,';
  const didsCsv =
    'cidnum,extension,destination,privacyman,alertinfo,ringing,mohclass,description,grppre,delay_answer,pricid\n' +
    ',4255550101,"from-did-direct,1001,1",0,,,default,Megan direct,,0,\n' +
    ',+14255550102,"from-did-direct,1002,1",0,,,default,Adele direct,,0,\n' +
    ',4255550100,"ivr-2,s,1",0,,,default,Main number,,0,\n' +
    ',,"app-blackhole,hangup,1",0,,,default,Any DID,,0,';

  test('each route is a one-number block; a direct route gives its extension the DID; the catch-all route is skipped', async () => {
    const result = await runImport(extensionsCsv, { blocksCsv: didsCsv, defaultCountry: 'US' });
    expect(result.report.errors).toEqual([]);
    expect(result.report.layout?.id).toBe('freepbx-bulk');
    expect(result.inventory.lines.map((l) => [l.extension, l.did, l.match.status])).toEqual([
      ['1001', '+14255550101', 'matched'],
      ['1002', '+14255550102', 'matched'],
    ]);
    expect(result.inventory.blocks.map((b) => [b.first, b.count, b.extensions, b.currentDestination])).toEqual([
      ['+14255550100', 1, undefined, 'ivr-2,s,1'],
      ['+14255550101', 1, '1001', 'from-did-direct,1001,1'],
      ['+14255550102', 1, '1002', 'from-did-direct,1002,1'],
    ]);
    expect(result.report.warnings).toContainEqual(expect.objectContaining({ file: 'blocks.csv', row: 5, reason: expect.stringMatching(/any DID .*skipped/) }));
  });

  test('a bad DID in a route is an error naming the file, row and column, and nothing is imported', async () => {
    const result = await runImport(extensionsCsv, { blocksCsv: `${didsCsv}\n,42555,"from-did-direct,1002,1",0,,,default,Typo,,0,`, defaultCountry: 'US' });
    expect(result.report.accepted).toBe(false);
    expect(result.report.errors).toEqual([expect.objectContaining({ file: 'blocks.csv', row: 6, column: 'extension', reason: expect.stringMatching(/invalid number/) })]);
  });
});
