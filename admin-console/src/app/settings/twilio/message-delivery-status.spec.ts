import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { DELIVERY_ERROR_CODES, type MessageDeliveryView } from '@twilio-config/shared';
import { afterEach, beforeEach, vi } from 'vitest';
import { TEST_CONFIG } from '../../../testing/fake-auth';
import { HEX32 } from '../../../testing/settings-fixtures';
import { DELIVERY_ERRORS_IN_WORDS } from '../../api/twilio-error-codes';
import { RUNTIME_CONFIG } from '../../runtime-config/runtime-config';
import { DELIVERY_POLL_INTERVAL_MS, DELIVERY_POLL_LIMIT_MS, MessageDeliveryStatus, deliveryErrorInWords } from './message-delivery-status';

const SID = 'SM' + HEX32;
const URL = `${TEST_CONFIG.apiOrigin}/api/twilio-config/test/sms/${SID}`;
const AT = '2026-11-24T10:00:00.000Z';

const view = (patch: Partial<MessageDeliveryView>): MessageDeliveryView => ({
  sid: SID,
  status: 'queued',
  errorCode: null,
  errorMessage: null,
  updatedAt: AT,
  history: [{ status: 'queued', errorCode: null, at: AT }],
  ...patch,
});

describe(MessageDeliveryStatus.name, () => {
  let fixture: ComponentFixture<MessageDeliveryStatus>;
  let backend: HttpTestingController;
  const text = (): string => (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ') ?? '';

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [MessageDeliveryStatus],
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG }],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MessageDeliveryStatus);
    fixture.componentRef.setInput('sid', SID);
  });

  afterEach(() => {
    fixture.destroy();
    vi.useRealTimers();
  });

  /** Runs effects and change detection, then lets `ms` of (fake) time pass. */
  async function advance(ms = 0): Promise<void> {
    TestBed.tick();
    await vi.advanceTimersByTimeAsync(ms);
    TestBed.tick();
  }

  it('reads the delivery every two seconds and shows each status until a final one, then stops', async () => {
    await advance();
    backend.expectOne(URL).flush(view({}));
    await advance();
    expect(text()).toContain('Queued');
    expect(text()).toContain("Waiting for Twilio's next status");

    await advance(DELIVERY_POLL_INTERVAL_MS);
    backend.expectOne(URL).flush(view({ status: 'sent', history: [...view({}).history, { status: 'sent', errorCode: null, at: AT }] }));
    await advance();
    expect(text()).toContain('Sent to the carrier');

    await advance(DELIVERY_POLL_INTERVAL_MS);
    backend.expectOne(URL).flush(
      view({
        status: 'delivered',
        history: [
          { status: 'queued', errorCode: null, at: AT },
          { status: 'sent', errorCode: null, at: AT },
          { status: 'delivered', errorCode: null, at: AT },
        ],
      }),
    );
    await advance();
    const steps = [...(fixture.nativeElement as HTMLElement).querySelectorAll('ol li span')].map((item) => item.textContent?.trim());
    expect(steps).toEqual(['Queued', 'Sent to the carrier', 'Delivered']);
    expect(text()).not.toContain("Waiting for Twilio's next status");

    await advance(DELIVERY_POLL_INTERVAL_MS * 3);
    backend.expectNone(URL);
  });

  it("explains Twilio's error code in plain words, with Twilio's page", async () => {
    await advance();
    backend.expectOne(URL).flush(view({ status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable destination handset' }));
    await advance();
    expect(text()).toContain('Twilio error 30003.');
    expect(text()).toContain("The recipient's phone could not be reached");
    expect((fixture.nativeElement as HTMLElement).querySelector('a')?.getAttribute('href')).toBe('https://www.twilio.com/docs/errors/30003');
    expect(fixture.nativeElement.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('stops reading when the section is destroyed', async () => {
    await advance();
    backend.expectOne(URL).flush(view({}));
    await advance();
    fixture.destroy();
    await vi.advanceTimersByTimeAsync(DELIVERY_POLL_INTERVAL_MS * 5);
    backend.expectNone(URL);
  });

  it('gives up after the limit on a message Twilio never finishes, and "Check again" starts over', async () => {
    await advance();
    for (let elapsed = 0; elapsed <= DELIVERY_POLL_LIMIT_MS; elapsed += DELIVERY_POLL_INTERVAL_MS) {
      backend.match(URL).forEach((request) => request.flush(view({ status: 'sent' })));
      await advance(DELIVERY_POLL_INTERVAL_MS);
    }
    backend.match(URL).forEach((request) => request.flush(view({ status: 'sent' })));
    await advance(DELIVERY_POLL_INTERVAL_MS * 3);
    backend.expectNone(URL);
    expect(text()).toContain('Twilio has not reported a final status yet');

    [...(fixture.nativeElement as HTMLElement).querySelectorAll('button')].find((button) => button.textContent?.includes('Check again'))!.click();
    await advance();
    backend.expectOne(URL).flush(view({ status: 'delivered' }));
    await advance();
    expect(text()).not.toContain('Twilio has not reported a final status yet');
  });

  it('shows a problem reading the delivery (another organization’s SID: 404)', async () => {
    await advance();
    backend.expectOne(URL).flush({ statusCode: 404, code: 'NOT_FOUND', message: 'No message' }, { status: 404, statusText: 'Not Found' });
    await advance(DELIVERY_POLL_INTERVAL_MS * 2);
    backend.expectNone(URL);
    expect(text()).toContain('Check again');
  });
});

describe(deliveryErrorInWords.name, () => {
  it('has plain words for every common delivery error code', () => {
    for (const code of DELIVERY_ERROR_CODES) {
      expect(deliveryErrorInWords({ errorCode: code, errorMessage: null })).toBe(DELIVERY_ERRORS_IN_WORDS[code]);
      expect(DELIVERY_ERRORS_IN_WORDS[code].length).toBeGreaterThan(30);
    }
  });

  it("falls back on Twilio's title for other codes, and says nothing without one", () => {
    expect(deliveryErrorInWords({ errorCode: 30010, errorMessage: 'Message price exceeds max price' })).toBe('Twilio said: Message price exceeds max price.');
    expect(deliveryErrorInWords({ errorCode: null, errorMessage: null })).toBeNull();
  });
});
