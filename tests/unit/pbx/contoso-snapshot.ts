/** A small hand-built tenant that the example files in examples/ are written against. */
import type { Person, TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { seattleAndLondon, snapshotOf } from '../../support/snapshots';

let counter = 0;
export function person(p: Partial<Person> & { userPrincipalName: string; displayName: string }): Person {
  counter++;
  return {
    id: p.id ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    accountEnabled: true,
    kind: 'user',
    teamsPhone: 'enabled',
    callingPlan: false,
    resourceAccountLicence: false,
    businessPhones: [],
    ...p,
  };
}

export function contosoSnapshot(): TenantSnapshot {
  const people: Person[] = [
    person({ id: 'p-megan', userPrincipalName: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', siteId: 'seattle', onPremisesSamAccountName: 'mbowen' }),
    person({ id: 'p-adele', userPrincipalName: 'adele.vance@contoso.example', displayName: 'Adele Vance', siteId: 'seattle' }),
    person({ id: 'p-alex', userPrincipalName: 'alex.wilber@contoso.example', displayName: 'Alex Wilber', siteId: 'seattle' }),
    person({
      id: 'p-diego',
      userPrincipalName: 'diegos@contoso.example',
      displayName: 'Diego Siciliani',
      givenName: 'Diego',
      surname: 'Siciliani',
      siteId: 'seattle',
      onPremisesSamAccountName: 'dsiciliani',
    }),
    person({ id: 'p-lynne', userPrincipalName: 'lynne.robbins@contoso.example', displayName: 'Lynne Robbins', siteId: 'seattle' }),
    person({ id: 'p-isaiah-sea', userPrincipalName: 'isaiah.langer@contoso.example', displayName: 'Isaiah Langer', siteId: 'seattle' }),
    person({ id: 'p-isaiah-sea2', userPrincipalName: 'isaiah.langer2@contoso.example', displayName: 'Isaiah Langer', siteId: 'seattle' }),
    person({ id: 'p-johanna', userPrincipalName: 'johanna.lorenz@contoso.example', displayName: 'Johanna Lorenz', siteId: 'london', onPremisesSamAccountName: 'jlorenz' }),
    person({
      id: 'p-pradeep',
      userPrincipalName: 'pradeepg@contoso.example',
      displayName: 'Pradeep Gupta',
      siteId: 'london',
      onPremisesSamAccountName: 'pgupta',
      businessPhones: [{ raw: '+44 20 7946 0102', e164: '+442079460102', valid: true }],
    }),
    person({ id: 'p-joni', userPrincipalName: 'joni.sherman@contoso.example', displayName: 'Joni Sherman', siteId: 'london' }),
  ];
  return snapshotOf({ tenantId: 'contoso', tenantName: 'Contoso', takenAt: '2026-01-05T09:00:00.000Z', people, sites: seattleAndLondon() });
}
