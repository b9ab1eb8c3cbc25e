/** Who is asking: the authenticated, authorised admin behind an API call, a bot message or the CLI. */
export interface Caller {
  tenantId: string;
  /** Entra object id (or a fixed id for the local developer / CLI operator). */
  userId: string;
  name: string;
  /** Entra role template ids. */
  roles: string[];
  via: 'sso' | 'bot' | 'local-dev' | 'cli';
  /** The UPN the token names (preferred_username / upn), for grants that name a user by UPN. */
  upn?: string;
  /** Entra group object ids from the token's `groups` claim, for grants that name a group. */
  groupIds?: string[];
  /**
   * Set when an MSP user acts for a customer tenant (X-Tenant-Id): `tenantId` is then the customer's and
   * this the tenant the user signed in to; `actingRole` is the role their grant gives on the customer.
   */
  homeTenantId?: string;
  actingRole?: 'admin' | 'viewer';
}

/** How the audit trail and the jobs name who acted: the person's name with their id, one form everywhere. */
export function actorName(caller: Pick<Caller, 'name' | 'userId'>): string {
  return `${caller.name} (${caller.userId})`;
}

export class ForbiddenError extends Error {
  readonly code = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
