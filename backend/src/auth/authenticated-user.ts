/**
 * Who is calling, as read from a verified access token. This is all the rest of the API may know
 * about the token: take it with `@CurrentUser()`, never by reading the token again.
 */
export interface AuthenticatedUser {
  /** The token subject (`sub`), e.g. `auth0|64f…`; the audit log's actor. */
  readonly sub: string;
  /** The tenant: the token's org claim (`AUTH0_ORG_CLAIM`). Never taken from a request parameter. */
  readonly orgId: string;
  /** Role names from the roles claim (`AUTH0_ROLES_CLAIM`); empty when the claim is absent. */
  readonly roles: readonly string[];
}
