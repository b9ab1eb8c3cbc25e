/**
 * The number a person's outbound calls showed on the PBX, where its export says it was not their own:
 * commonly the site's main number (a 3CX extension's OutboundCallerID, FreePBX's outboundcid
 * `"Contoso" <4255550100>`), or withheld. After the cutover Teams shows the person's own number unless a
 * caller ID policy (New-CsCallingLineIdentity) says otherwise: `-CallingIDSubstitute Resource` shows the
 * number of a resource account (an auto attendant's or a call queue's), `Anonymous` shows none. Teams
 * can show no other number: a caller ID that is not a resource account's stays a step for a person.
 */
export type OutboundCallerId = { kind: 'number'; number: string } | { kind: 'withheld' };

/** The caller ID in words, for sheets and steps. */
export function callerIdText(callerId: OutboundCallerId): string {
  return callerId.kind === 'withheld' ? 'withheld (anonymous)' : callerId.number;
}
