import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Subject, firstValueFrom, of, throwError } from 'rxjs';
import { FakeAuth, TEST_CONFIG, createFakeAuth, provideFakeAuth } from '../../testing/fake-auth';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { SessionRenewalFailed, apiAuthInterceptor, isApiRequest } from './api-auth.interceptor';
import { Session } from './session';

const API = `${TEST_CONFIG.apiOrigin}/api/twilio-config/settings`;

describe('apiAuthInterceptor', () => {
  let auth: FakeAuth;
  let session: { end: ReturnType<typeof vi.fn>; restrict: ReturnType<typeof vi.fn>; reportProblem: ReturnType<typeof vi.fn> };
  let http: HttpClient;
  let backend: HttpTestingController;

  function setUp(fake: FakeAuth = createFakeAuth()): void {
    auth = fake;
    session = { end: vi.fn(), restrict: vi.fn(), reportProblem: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiAuthInterceptor])),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG },
        provideFakeAuth(fake),
        { provide: Session, useValue: session },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  }

  afterEach(() => backend.verify());

  /** Answers a pending request the way the API refuses one. */
  const refuse = (request: TestRequest, status: 401 | 403, code: string): void =>
    request.flush({ statusCode: status, code, message: 'refused' }, { status, statusText: 'Refused' });

  function call(url = API): { result: Promise<unknown>; settled: () => unknown } {
    let outcome: unknown = 'pending';
    const result = firstValueFrom(http.get(url)).then(
      (value) => (outcome = value),
      (error: unknown) => {
        outcome = error;
        throw error;
      },
    );
    result.catch(() => undefined);
    return { result, settled: () => outcome };
  }

  describe('which requests get the token', () => {
    beforeEach(() => setUp());

    it('adds "Authorization: Bearer <token>" to calls to the API origin', () => {
      call();
      const request = backend.expectOne(API);
      expect(request.request.headers.get('Authorization')).toBe('Bearer cached-token');
      request.flush({});
    });

    it.each([
      'https://api.twilio.com/2010-04-01/Accounts.json',
      'http://api.test:3001/api/twilio-config/settings',
      'https://api.test:3000/api/twilio-config/settings',
      'http://api.test:3000.evil.example/api/twilio-config/settings',
      'http://api.test:3000@evil.example/steal',
      '/config.json',
    ])('never sends the token to another origin: %s', (url) => {
      call(url);
      const request = backend.expectOne((candidate) => candidate.url === url);
      expect(request.request.headers.has('Authorization')).toBe(false);
      request.flush({});
      expect(auth.getAccessTokenSilently).not.toHaveBeenCalled();
    });
  });

  describe('isApiRequest', () => {
    it('compares origins, resolving relative URLs against the page', () => {
      expect(isApiRequest('/api/x', 'http://api.test:3000', 'http://console.test:4200/')).toBe(false);
      expect(isApiRequest('/api/x', 'http://console.test:4200', 'http://console.test:4200/')).toBe(true);
      expect(isApiRequest('http://API.test:3000/api/x', 'http://api.test:3000', 'http://console.test/')).toBe(true);
      expect(isApiRequest('http://[bad', 'http://api.test:3000', 'http://console.test/')).toBe(false);
    });
  });

  describe('when the API refuses the token', () => {
    it('refreshes the token once and retries once with the new token', async () => {
      setUp();
      const { result } = call();
      refuse(backend.expectOne(API), 401, 'UNAUTHENTICATED');
      const retry = backend.expectOne(API);
      expect(retry.request.headers.get('Authorization')).toBe('Bearer fresh-token');
      retry.flush({ configured: true });
      await expect(result).resolves.toEqual({ configured: true });
      expect(auth.getAccessTokenSilently).toHaveBeenCalledWith({ cacheMode: 'off' });
      expect(session.end).not.toHaveBeenCalled();
    });

    it('does the same for a 403 (a role granted since the token was issued)', async () => {
      setUp();
      const { result } = call();
      refuse(backend.expectOne(API), 403, 'FORBIDDEN');
      backend.expectOne(API).flush({ configured: false });
      await expect(result).resolves.toEqual({ configured: false });
      expect(session.restrict).not.toHaveBeenCalled();
    });

    it('ends the session after a second 401, and never tries a third time', async () => {
      setUp();
      const { result } = call();
      refuse(backend.expectOne(API), 401, 'UNAUTHENTICATED');
      refuse(backend.expectOne(API), 401, 'UNAUTHENTICATED');
      await expect(result).rejects.toMatchObject({ status: 401 });
      backend.expectNone(API);
      expect(session.end).toHaveBeenCalledTimes(1);
      expect(session.end).toHaveBeenCalledWith('rejected');
      expect(auth.getAccessTokenSilently).toHaveBeenCalledTimes(2);
    });

    it('shows "Access restricted" after a second 403, without ending the session', async () => {
      setUp();
      const { result } = call();
      refuse(backend.expectOne(API), 403, 'FORBIDDEN');
      refuse(backend.expectOne(API), 403, 'FORBIDDEN');
      await expect(result).rejects.toMatchObject({ status: 403 });
      backend.expectNone(API);
      expect(session.restrict).toHaveBeenCalledTimes(1);
      expect(session.end).not.toHaveBeenCalled();
    });

    it('ends the session at once on SESSION_EXPIRED: a new token cannot make the session younger', async () => {
      setUp();
      const { result } = call();
      refuse(backend.expectOne(API), 401, 'SESSION_EXPIRED');
      await expect(result).rejects.toMatchObject({ status: 401 });
      backend.expectNone(API);
      expect(session.end).toHaveBeenCalledWith('max-age');
      expect(auth.getAccessTokenSilently).not.toHaveBeenCalledWith({ cacheMode: 'off' });
    });

    it('shows the sign-in problem at once on SESSION_START_MISSING: neither a new token nor a new sign-in can help', async () => {
      setUp();
      const { result } = call();
      refuse(backend.expectOne(API), 401, 'SESSION_START_MISSING');
      await expect(result).rejects.toMatchObject({ status: 401 });
      backend.expectNone(API);
      expect(session.reportProblem).toHaveBeenCalledWith('no-session-start');
      expect(session.end).not.toHaveBeenCalled();
      expect(auth.getAccessTokenSilently).not.toHaveBeenCalledWith({ cacheMode: 'off' });
    });

    it('ends the session when the refresh itself fails, and does not send the request again', async () => {
      setUp(
        createFakeAuth({
          token: (options) => (options?.cacheMode === 'off' ? throwError(() => new Error('invalid_grant')) : of('cached-token')),
        }),
      );
      const { result } = call();
      refuse(backend.expectOne(API), 401, 'UNAUTHENTICATED');
      const error = await result.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SessionRenewalFailed);
      expect((error as HttpErrorResponse).error).toMatchObject({ code: 'UNAUTHENTICATED' });
      backend.expectNone(API);
      expect(session.end).toHaveBeenCalledWith('renewal-failed');
      expect(session.end).toHaveBeenCalledTimes(1);
    });

    it('sends nothing and ends the session when no token can be had at all', async () => {
      setUp(createFakeAuth({ token: () => throwError(() => new Error('login_required')) }));
      const { result } = call();
      await expect(result).rejects.toBeInstanceOf(SessionRenewalFailed);
      backend.expectNone(API);
      expect(session.end).toHaveBeenCalledTimes(1);
      expect(auth.getAccessTokenSilently).toHaveBeenCalledTimes(1);
    });

    it('lets requests refused at the same time share one refresh (refresh tokens rotate)', async () => {
      const refresh = new Subject<string>();
      setUp(createFakeAuth({ token: (options) => (options?.cacheMode === 'off' ? refresh : of('cached-token')) }));
      const first = call();
      const second = call();
      const [a, b] = backend.match(API);
      refuse(a, 401, 'UNAUTHENTICATED');
      refuse(b, 401, 'UNAUTHENTICATED');
      refresh.next('fresh-token');
      refresh.complete();
      const retries = backend.match(API);
      expect(retries).toHaveLength(2);
      retries.forEach((retry) => {
        expect(retry.request.headers.get('Authorization')).toBe('Bearer fresh-token');
        retry.flush({ ok: true });
      });
      await Promise.all([first.result, second.result]);
      expect(auth.getAccessTokenSilently.mock.calls.filter(([options]) => options?.cacheMode === 'off')).toHaveLength(1);
    });
  });

  describe('other failures', () => {
    it.each([400, 409, 422, 429, 500, 502])('passes a %s through without refreshing', async (status) => {
      setUp();
      const { result } = call();
      backend.expectOne(API).flush({ statusCode: status, code: 'X', message: 'x' }, { status, statusText: 'Nope' });
      await expect(result).rejects.toMatchObject({ status });
      backend.expectNone(API);
      expect(auth.getAccessTokenSilently).toHaveBeenCalledTimes(1);
      expect(session.end).not.toHaveBeenCalled();
      expect(session.restrict).not.toHaveBeenCalled();
    });
  });
});
