/**
 * Post-login Action "session-claims" (trigger post-login, version v3), deployed by the Auth0
 * Deploy CLI from deploy/auth0/tenant.yaml and run as it is by the local provider
 * (tools/stand-ins/auth0-local). See docs/operations/auth0.md.
 *
 * It adds to the access token:
 * - the roles claim (secret ROLES_CLAIM, default https://twilio-config/roles): the names in
 *   `event.authorization.roles`, the user's roles ("Add user roles to ID and Access tokens",
 *   https://auth0.com/docs/customize/actions/explore-triggers/post-login);
 * - the session-start claim (secret SESSION_START_CLAIM, default https://twilio-config/auth_time):
 *   when the user signed in, in seconds since the epoch. Auth0's access tokens carry no
 *   `auth_time`, and an Action may not set a claim of that name ("Create Custom Claims",
 *   https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims).
 *
 * The trigger runs on every sign-in and on every refresh-token exchange
 * (`event.transaction.protocol === 'oauth2-refresh-token'`); `event.authentication.methods`
 * lists the methods completed during the session, each with the `timestamp` at which it was
 * completed ("Actions Triggers: post-login - Event Object", https://auth0.com/docs/customize/
 * actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-event-object).
 * The session began when its first method was completed: the earliest timestamp. A later
 * factor (MFA, step-up) never moves the start forward, so refreshing or adding a factor cannot
 * lengthen the session. When no timestamp can be read, the API could not enforce the session
 * limit, so access is denied (`api.access.deny`) rather than a token issued without it.
 */

const DEFAULT_ROLES_CLAIM = 'https://twilio-config/roles';
const DEFAULT_SESSION_START_CLAIM = 'https://twilio-config/auth_time';

exports.onExecutePostLogin = async (event, api) => {
  const secrets = event.secrets || {};
  const rolesClaim = secrets.ROLES_CLAIM || DEFAULT_ROLES_CLAIM;
  const sessionStartClaim = secrets.SESSION_START_CLAIM || DEFAULT_SESSION_START_CLAIM;

  const sessionStart = sessionStartOf(event);
  if (sessionStart === undefined) {
    api.access.deny('The time this session began is unknown (no authentication method with a timestamp); sign in again.');
    return;
  }

  const roles = event.authorization && Array.isArray(event.authorization.roles) ? event.authorization.roles : [];
  api.accessToken.setCustomClaim(rolesClaim, roles.filter((role) => typeof role === 'string'));
  api.accessToken.setCustomClaim(sessionStartClaim, sessionStart);
  // The console reads roles from the ID token where it has them (it decides which page to show).
  api.idToken.setCustomClaim(rolesClaim, roles.filter((role) => typeof role === 'string'));
};

/** The earliest completion time among the session's authentication methods, in whole seconds. */
function sessionStartOf(event) {
  const methods = event.authentication && Array.isArray(event.authentication.methods) ? event.authentication.methods : [];
  let earliest;
  for (const method of methods) {
    const milliseconds = method && typeof method.timestamp === 'string' ? Date.parse(method.timestamp) : Number.NaN;
    if (Number.isFinite(milliseconds) && milliseconds > 0 && (earliest === undefined || milliseconds < earliest)) earliest = milliseconds;
  }
  return earliest === undefined ? undefined : Math.floor(earliest / 1000);
}
