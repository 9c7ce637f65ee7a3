import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { API_ERROR_CODES, type ApiErrorCode } from '@twilio-config/shared';
import { describeApiError, messageForCode } from './api-problem';

function answer(status: number, body: unknown, headers?: Record<string, string>): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body, headers: new HttpHeaders(headers), url: 'http://api.test/api/x' });
}

describe(describeApiError.name, () => {
  it.each(API_ERROR_CODES)('has a message a support person understands for %s', (code: ApiErrorCode) => {
    const message = messageForCode(code);
    expect(message.length).toBeGreaterThan(20);
    expect(message).not.toContain(code);
    expect(message).not.toMatch(/undefined|null|\[object/);
  });

  it('keeps every message distinct, so each code tells the user something different', () => {
    const messages = API_ERROR_CODES.map((code) => messageForCode(code));
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('explains a credentials refusal and says nothing was saved', () => {
    const problem = describeApiError(
      answer(422, { statusCode: 422, code: 'INVALID_TWILIO_CREDENTIALS', message: 'Twilio rejected the credentials', twilioCode: 20003 }),
    );
    expect(problem.code).toBe('INVALID_TWILIO_CREDENTIALS');
    expect(problem.message).toContain('Twilio refused these credentials');
    expect(problem.message).toContain('Nothing was saved');
    expect(problem.message).toContain('20003');
  });

  it('names the capability an API key lacks and the permission a Restricted key needs for it', () => {
    const problem = describeApiError(
      answer(422, { statusCode: 422, code: 'INVALID_TWILIO_CREDENTIALS', message: 'The API key SK…1a2b lacks …', twilioCode: 70051, capability: 'messages' }),
    );
    expect(problem.message).toBe(
      'The API key may not send messages: give a Restricted key /twilio/messaging/messages/create, or use a Standard key. Nothing was saved. (Twilio error 70051)',
    );
  });

  it('puts Twilio\u2019s refusal in plain words with its code and a link to Twilio\u2019s page', () => {
    const problem = describeApiError(
      answer(422, { statusCode: 422, code: 'TWILIO_REJECTED', message: "The 'To' number +1 is not valid", twilioCode: 21211 }),
    );
    expect(problem.message).toBe('Twilio refused the request. The "To" number is not a valid phone number. (Twilio error 21211)');
    expect(problem.twilioCode).toBe(21211);
    expect(problem.twilioDocsUrl).toBe('https://www.twilio.com/docs/errors/21211');
  });

  it('quotes Twilio for a code it has no words for', () => {
    const problem = describeApiError(answer(422, { statusCode: 422, code: 'TWILIO_REJECTED', message: 'Queue overflow', twilioCode: 30001 }));
    expect(problem.message).toContain('Twilio said: Queue overflow (Twilio error 30001)');
  });

  it('names the field Twilio does not know', () => {
    const problem = describeApiError(
      answer(422, { statusCode: 422, code: 'TWILIO_RESOURCE_NOT_FOUND', message: 'not found', field: 'messagingServiceSid' }),
    );
    expect(problem.message).toContain('Messaging Service SID');
    expect(problem.field).toBe('messagingServiceSid');
  });

  it('says when to try again after a rate limit, from Retry-After', () => {
    const problem = describeApiError(answer(429, { statusCode: 429, code: 'RATE_LIMITED', message: 'slow down' }, { 'Retry-After': '42' }));
    expect(problem.message).toBe('Too many attempts for your organization. Try again in 42 seconds.');
    expect(problem.retryAfterSeconds).toBe(42);
  });

  it('explains that the settings are disabled (409)', () => {
    const problem = describeApiError(answer(409, { statusCode: 409, code: 'DISABLED', message: 'Twilio settings are disabled' }));
    expect(problem.message).toContain('disabled');
    expect(problem.message).toContain('"Enabled"');
  });

  it('describes a session end as such', () => {
    expect(describeApiError(answer(401, { statusCode: 401, code: 'SESSION_EXPIRED', message: 'x' })).message).toMatch(
      /^Your session has ended, sign in again/,
    );
  });

  it('says what an administrator must install when the sign-in has no session start', () => {
    const problem = describeApiError(answer(401, { statusCode: 401, code: 'SESSION_START_MISSING', message: 'x' }));
    expect(problem.code).toBe('SESSION_START_MISSING');
    expect(problem.message).toContain('post-login Action "session-claims"');
  });

  it('tells "the API cannot be reached" apart from an error answer', () => {
    const problem = describeApiError(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(problem.code).toBe('NETWORK');
    expect(problem.message).toContain('could not be reached');
  });

  it('falls back on the status where the body is not the API\u2019s (e.g. a proxy page)', () => {
    expect(describeApiError(answer(504, '<html>Gateway Timeout</html>')).code).toBe('TWILIO_TIMEOUT');
    const unknown = describeApiError(answer(418, null));
    expect(unknown.code).toBe('UNKNOWN');
    expect(unknown.message).toContain('HTTP 418');
  });

  it('joins a validation message given as a list', () => {
    const problem = describeApiError(answer(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: ['to must be E.164', 'body too long'] }));
    expect(problem.message).toContain('to must be E.164; body too long');
  });

  it('unwraps an HTTP error wrapped by a resource', () => {
    const wrapped = new Error('wrapped', { cause: answer(409, { statusCode: 409, code: 'NOT_CONFIGURED', message: 'x' }) });
    expect(describeApiError(wrapped).code).toBe('NOT_CONFIGURED');
  });

  it('describes a failure that is not an HTTP answer at all', () => {
    expect(describeApiError(new TypeError('boom')).code).toBe('UNKNOWN');
  });
});
