import fc from 'fast-check';
import { PersonIndex, matchLine, type LineToMatch } from '../../../shared/pbx/line-matcher';
import { person } from './contoso-snapshot';

const people = [
  person({ id: 'megan', userPrincipalName: 'Megan.Bowen@contoso.example', displayName: 'Megan Bowen', mail: 'megan@contoso.example', siteId: 'seattle' }),
  person({ id: 'megan-ldn', userPrincipalName: 'mbowen@contoso.example', displayName: 'Megan Bowen', siteId: 'london' }),
  person({ id: 'jorg', userPrincipalName: 'jmueller@contoso.example', displayName: 'Jörg Müller', siteId: 'berlin' }),
  person({ id: 'jorg2', userPrincipalName: 'jmueller2@contoso.example', displayName: 'Jörg Müller', siteId: 'berlin' }),
  person({ id: 'ana', userPrincipalName: 'ana@contoso.example', displayName: 'Ana Souza', siteId: 'lisbon', businessPhones: [{ raw: '+351 21 000 0001', e164: '+351210000001', valid: true }] }),
  person({ id: 'main1', userPrincipalName: 'r1@contoso.example', displayName: 'Reception One', businessPhones: [{ raw: 'x', e164: '+14255550100', valid: true }] }),
  person({ id: 'main2', userPrincipalName: 'r2@contoso.example', displayName: 'Reception Two', businessPhones: [{ raw: 'x', e164: '+14255550100', valid: true }] }),
  person({ id: 'shared-mail-1', userPrincipalName: 's1@contoso.example', displayName: 'S One', mail: 'team@contoso.example' }),
  person({ id: 'shared-mail-2', userPrincipalName: 's2@contoso.example', displayName: 'S Two', mail: 'team@contoso.example' }),
];
const index = new PersonIndex({ people });

/** A line to match; `siteKnown` (default true) says whether the tenant knows its site. */
function line(d: Partial<LineToMatch> & { siteKnown?: boolean }): [LineToMatch, boolean] {
  const { siteKnown = true, ...fields } = d;
  return [{ deviceType: 'ip-phone', ...fields }, siteKnown];
}

describe('matching rules, in order of strength', () => {
  test.each([
    ['UPN, any case', line({ ownerUpn: 'megan.bowen@CONTOSO.example' }), { status: 'matched', personId: 'megan', rule: 'upn', confidence: 1 }],
    ['mail when no UPN matches', line({ ownerUpn: 'megan@contoso.example' }), { status: 'matched', personId: 'megan', rule: 'mail', confidence: 0.95 }],
    ['bare user id = UPN local part', line({ ownerUpn: 'jmueller2' }), { status: 'matched', personId: 'jorg2', rule: 'upn', confidence: 0.8 }],
    ['business phone', line({ did: '+351210000001' }), { status: 'matched', personId: 'ana', rule: 'business-phone', confidence: 0.85 }],
    ['name in site beats the same name elsewhere', line({ ownerName: 'Bowen, Megan', siteId: 'london' }), { status: 'matched', personId: 'megan-ldn', rule: 'name-in-site', confidence: 0.7 }],
    ['name with accents and order', line({ ownerName: 'MUELLER JORG', siteId: 'berlin' }), { status: 'unmatched' }],
    ['two people of that name in the site', line({ ownerName: 'Müller, Jörg', siteId: 'berlin' }), { status: 'ambiguous', candidateIds: ['jorg', 'jorg2'] }],
    ['name only elsewhere', line({ ownerName: 'Ana Souza', siteId: 'seattle' }), { status: 'unmatched' }],
    ['no site known: unique name is a weak match', line({ ownerName: 'Ana Souza', siteKnown: false, siteId: 'porto' }), { status: 'matched', personId: 'ana', confidence: 0.5 }],
    ['no site known: same name twice is ambiguous', line({ ownerName: 'Megan Bowen', siteKnown: false }), { status: 'ambiguous', candidateIds: ['megan', 'megan-ldn'] }],
    ['shared business phone is ambiguous', line({ did: '+14255550100' }), { status: 'ambiguous', candidateIds: ['main1', 'main2'] }],
    ['shared phone settled by a later unique name', line({ did: '+14255550100', ownerName: 'Ana Souza', siteId: 'lisbon' }), { status: 'matched', personId: 'ana', rule: 'name-in-site' }],
    ['shared mailbox is ambiguous', line({ ownerUpn: 'team@contoso.example' }), { status: 'ambiguous', candidateIds: ['shared-mail-1', 'shared-mail-2'] }],
    ['UPN wins over a different business phone', line({ ownerUpn: 'ana@contoso.example', did: '+14255550100' }), { status: 'matched', personId: 'ana', rule: 'upn' }],
    ['unknown everything', line({ ownerUpn: 'nobody@contoso.example', did: '+14255559999', ownerName: 'No Body' }), { status: 'unmatched' }],
    ['nothing to match on', line({}), { status: 'unmatched' }],
  ])('%s', (_name, toMatch, expected) => {
    expect(matchLine(index, ...toMatch)).toMatchObject(expected);
  });

  test.each(['fax', 'analog', 'common-area', 'elevator', 'door', 'paging', 'modem'] as const)('%s lines are never matched, even with an owner', (deviceType) => {
    expect(matchLine(index, ...line({ deviceType, ownerUpn: 'megan.bowen@contoso.example', did: '+351210000001' }))).toMatchObject({ status: 'non-person' });
  });

  test('the explanation says why a line did not match', () => {
    const m = matchLine(index, ...line({ ownerUpn: 'nobody@contoso.example', ownerName: 'Megan Bowen', siteId: 'berlin' }));
    expect(m.explanation).toMatch(/no person has UPN or mail nobody@contoso\.example/);
    expect(m.explanation).toMatch(/nobody named "Megan Bowen" at site berlin \(same name elsewhere/);
  });
});

describe('person index', () => {
  const address = fc.constantFrom('a@x.example', 'A@x.example', 'b@x.example', 'team@x.example', 'TEAM@x.example');
  const people = fc
    .array(fc.record({ userPrincipalName: address, mail: fc.option(address, { nil: undefined }) }), { maxLength: 8 })
    .map((list) => list.map((p, i) => person({ id: `p${(i * 7) % 10}-${i}`, displayName: `P ${i}`, ...p })));

  test('mail lookups find exactly the people with that mail, in id order, however mail and UPN overlap', () => {
    fc.assert(
      fc.property(people, address, (tenant, value) => {
        const sorted = [...tenant].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const expected = sorted.filter((p) => p.mail?.toLowerCase() === value.toLowerCase()).map((p) => p.id);
        expect(new PersonIndex({ people: tenant }).mail(value).map((p) => p.id)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('owner ids: on-premises account name, then UPN and mail local parts', () => {
  const directory = new PersonIndex({
    people: [
      person({ id: 'sam', userPrincipalName: 'john.doe@contoso.example', displayName: 'John Doe', onPremisesSamAccountName: 'JDoe' }),
      person({ id: 'upn-local', userPrincipalName: 'jdoe@contoso.example', displayName: 'Jane Doe' }),
      person({ id: 'mail-local', userPrincipalName: 'x123@contoso.example', displayName: 'Kim Lee', mail: 'klee@contoso.example' }),
    ],
  });
  test.each([
    ['sAMAccountName first (any case), even when another UPN starts with the id', { ownerId: 'jdoe' }, { status: 'matched', personId: 'sam', rule: 'upn', confidence: 0.8 }],
    ['the owner id beside a UPN that matches nobody', { ownerUpn: 'gone@contoso.example', ownerId: 'JDOE' }, { status: 'matched', personId: 'sam' }],
    ['the mail local part when no account name or UPN is the id', { ownerId: 'klee' }, { status: 'matched', personId: 'mail-local', rule: 'mail' }],
    ['an id nobody has', { ownerId: 'nobody' }, { status: 'unmatched', explanation: expect.stringMatching(/no on-premises account name, UPN or mail address is user id nobody/) }],
  ])('%s', (_name, fields, expected) => {
    expect(matchLine(directory, { deviceType: 'ip-phone', ...fields }, true)).toMatchObject(expected);
  });
});
