/**
 * A person's own call forwarding, read from the lines export as vendors write it (line-forwarding.ts):
 * CUCM's per-line Forward All / Forward No Answer destinations with their voicemail flags and No Answer
 * Ring Duration, FreePBX's noanswer_dest and ringtimer, plain call-forward columns.
 */
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { runImport } from './run-import';

const byExt = (lines: PbxLine[]) => Object.fromEntries(lines.map((l) => [l.extension ?? l.id, l]));

describe("a line's own forwarding", () => {
  it("is read per line from a CUCM phone export: each line's destinations, voicemail flags and ring duration", async () => {
    const header = [
      'DEVICE NAME,DEVICE TYPE,DEVICE POOL,OWNER USER ID',
      'DIRECTORY NUMBER 1,EXTERNAL PHONE NUMBER MASK 1,FORWARD ALL DESTINATION 1,FORWARD ALL VOICE MAIL 1,FORWARD NO ANSWER INTERNAL DESTINATION 1,FORWARD NO ANSWER INTERNAL VOICE MAIL 1,NO ANSWER RING DURATION 1',
      'DIRECTORY NUMBER 2,EXTERNAL PHONE NUMBER MASK 2,FORWARD ALL DESTINATION 2,FORWARD ALL VOICE MAIL 2,FORWARD NO ANSWER INTERNAL DESTINATION 2,FORWARD NO ANSWER INTERNAL VOICE MAIL 2,NO ANSWER RING DURATION 2',
    ].join(',');
    const rows = [
      // Line 1 forwards unanswered calls to a colleague after 12 s; line 2 sends all its calls to voicemail.
      'SEP0023AB11C001,Cisco 8845,Seattle,mbowen,1001,4255550101,,f,1002,f,12,1901,4255550191,,t,,t,',
      // Unanswered calls to voicemail (CUCM's usual), and all calls to a mobile written nationally.
      'SEP0023AB11C002,Cisco 8845,Seattle,avance,1002,4255550102,,f,,t,,,,,,,,',
      'SEP0023AB11C003,Cisco 8845,Seattle,pmartin,1003,4255550103,206 555 0188,f,,t,20,,,,,,,',
    ];
    const { inventory, report } = await runImport([header, ...rows].join('\n'), { defaultCountry: 'US' });
    expect(report.errors).toEqual([]);
    const lines = byExt(inventory.lines);
    expect(lines['1001'].forwarding).toEqual({ noAnswer: { kind: 'extension', extension: '1002' }, noAnswerSeconds: 12 });
    expect(lines['1901'].forwarding).toEqual({ all: { kind: 'voicemail' }, noAnswer: { kind: 'voicemail' } });
    expect(lines['1002'].forwarding).toEqual({ noAnswer: { kind: 'voicemail' } });
    expect(lines['1003'].forwarding).toEqual({ all: { kind: 'number', number: '+12065550188' }, noAnswer: { kind: 'voicemail' }, noAnswerSeconds: 20 });
    // The per-line columns are named for their fields in the report.
    const use = (h: string) => report.layout?.columns?.find((c) => c.header === h);
    expect(use('FORWARD NO ANSWER INTERNAL DESTINATION 2')).toEqual({ header: 'FORWARD NO ANSWER INTERNAL DESTINATION 2', fields: ['forwardNoAnswer'] });
  });

  it("is read from FreePBX's bulk export (a destination and the ring timer) and plain call-forward columns", async () => {
    const freepbx = [
      'extension,name,tech,devicetype,voicemail,email,ringtimer,noanswer_dest',
      '1001,Megan Bowen,pjsip,fixed,default,megan.bowen@contoso.example,25,"ext-local,vmu1001,1"',
      '1002,Adele Vance,pjsip,fixed,default,adele.vance@contoso.example,0,"from-did-direct,1001,1"',
    ].join('\n');
    const freepbxImport = await runImport(freepbx, { defaultCountry: 'US' });
    const fromFreepbx = byExt(freepbxImport.inventory.lines);
    expect(freepbxImport.inventory.warnings.filter((w) => /ring time/.test(w.reason))).toEqual([]);
    expect(fromFreepbx['1001'].forwarding).toEqual({ noAnswer: { kind: 'voicemail' }, noAnswerSeconds: 25 });
    // FreePBX's 0 is "the system default": no ring time, and a forward to extension 1001.
    expect(fromFreepbx['1002'].forwarding).toEqual({ noAnswer: { kind: 'extension', extension: '1001' } });

    const plain = ['extension,did,owner_upn,site,call_forward_all,cfna,no_answer_timer', '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,,2000,30 s', '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,Hangup,,'].join('\n');
    const fromPlain = byExt((await runImport(plain)).inventory.lines);
    expect(fromPlain['1001'].forwarding).toEqual({ noAnswer: { kind: 'extension', extension: '2000' }, noAnswerSeconds: 30 });
    expect(fromPlain['1002'].forwarding).toEqual({ all: { kind: 'disconnect' } });
  });

  it('is left out where the line forwards nothing, and is not confused with a hunt group\'s no-answer destination', async () => {
    const csv = ['extension,did,owner_upn,site,hunt_groups,forward_hunt_no_answer,no_answer_ring_duration', '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,Sales,2000,15'].join('\n');
    const { inventory } = await runImport(csv);
    expect(inventory.lines[0].forwarding).toBeUndefined();
    expect(inventory.groups.find((g) => g.id === 'hunt-group:Sales')?.huntNoAnswer).toEqual({ kind: 'extension', extension: '2000' });
  });

  it('takes a cell it cannot read as no forward, with one warning per text naming the row and column', async () => {
    const csv = [
      'extension,did,owner_upn,site,forward_all_destination,forward_no_answer_destination,no_answer_ring_duration',
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,sip:megan@mobile.example,Voicemail,forever',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,sip:megan@mobile.example,,',
    ].join('\n');
    const { inventory, report } = await runImport(csv);
    expect(report.errors).toEqual([]);
    const lines = byExt(inventory.lines);
    expect(lines['1001'].forwarding).toEqual({ noAnswer: { kind: 'voicemail' } });
    expect(lines['1002'].forwarding).toBeUndefined();
    const warnings = inventory.warnings.filter((w) => /forward|ring time/.test(w.reason));
    expect(warnings).toEqual([
      expect.objectContaining({ row: 2, column: 'forward_all_destination', reason: expect.stringMatching(/^forward-all destination "sip:megan@mobile\.example" on 2 lines is not an extension, a phone number or voicemail/) }),
      expect.objectContaining({ row: 2, column: 'no_answer_ring_duration', reason: expect.stringMatching(/^no-answer ring time "forever" on 1 line is not a number of seconds/) }),
    ]);
  });
});
