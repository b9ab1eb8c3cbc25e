/** Who is asking: the authenticated, authorised admin behind an API call, a bot message or the CLI. */
export interface Caller {
  tenantId: string;
  /** Entra object id (or a fixed id for the local developer / CLI operator). */
  userId: string;
  name: string;
  /** Entra role template ids. */
  roles: string[];
  via: 'sso' | 'bot' | 'local-dev' | 'cli';
}

export class ForbiddenError extends Error {
  readonly code = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
