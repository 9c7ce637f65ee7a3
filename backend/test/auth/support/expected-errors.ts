import type { ApiErrorBody } from '@twilio-config/shared';

/** The bodies the contract promises for refusals; the same whatever was wrong with the token. */
export const UNAUTHENTICATED: ApiErrorBody = { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Missing or invalid access token' };
export const SESSION_EXPIRED: ApiErrorBody = { statusCode: 401, code: 'SESSION_EXPIRED', message: 'Your session has ended; sign in again' };
export const SESSION_START_MISSING: ApiErrorBody = {
  statusCode: 401,
  code: 'SESSION_START_MISSING',
  message:
    'The access token does not say when the session began: an Auth0 administrator must deploy the post-login Action "session-claims" (docs/operations/auth0.md)',
};
export const SUPPORT_ROLE_MISSING: ApiErrorBody = { statusCode: 403, code: 'FORBIDDEN', message: 'This needs the support role' };

/** The contract's JSON error body, and nothing in the answer (body or headers) that repeats the credential. */
export function expectRefusal(response: { status: number; body: unknown; text: string; headers: Record<string, unknown> }, expected: ApiErrorBody, credential?: string): void {
  expect({ status: response.status, body: response.body }).toEqual({ status: expected.statusCode, body: expected });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  if (credential) {
    expect(response.text).not.toContain(credential);
    expect(JSON.stringify(response.headers)).not.toContain(credential);
  }
}
