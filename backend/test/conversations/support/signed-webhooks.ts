import { CONVERSATIONS_WEBHOOK_PATH } from '@twilio-config/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import type request from 'supertest';
import twilio from 'twilio';

export type WebhookParams = Record<string, string>;

/** The parameters Twilio posts for onMessageAdded from an SMS participant. */
export function messageAddedEvent(accountSid: string, chatServiceSid: string, overrides: WebhookParams = {}): WebhookParams {
  return {
    AccountSid: accountSid,
    ChatServiceSid: chatServiceSid,
    EventType: 'onMessageAdded',
    Source: 'SMS',
    ConversationSid: randomSid('CH'),
    MessageSid: randomSid('IM'),
    ParticipantSid: randomSid('MB'),
    Author: '+61400111222',
    Body: 'Hello, is anyone there?',
    Index: '0',
    DateCreated: new Date().toISOString(),
    RetryCount: '0',
    ...overrides,
  };
}

export function randomSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export interface WebhookPost {
  /** Defaults to a valid signature made with `authToken` over `signedUrl`. */
  signature?: string | null;
  authToken: string;
  /** The URL the signature is made for; defaults to the public webhook URL. */
  signedUrl?: string;
  idempotencyToken?: string | null;
}

/** Posts a form-encoded webhook as Twilio does, signed (or not) as asked. */
export function postFormWebhook(http: ReturnType<typeof request>, publicBaseUrl: string, params: WebhookParams, post: WebhookPost) {
  const signedUrl = post.signedUrl ?? `${publicBaseUrl}${CONVERSATIONS_WEBHOOK_PATH}`;
  const signature = post.signature === undefined ? twilio.getExpectedTwilioSignature(post.authToken, signedUrl, params) : post.signature;
  let call = http
    .post(CONVERSATIONS_WEBHOOK_PATH)
    .set('Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8')
    .set('User-Agent', 'TwilioProxy/1.1');
  if (signature !== null) call = call.set('X-Twilio-Signature', signature);
  const idempotencyToken = post.idempotencyToken === undefined ? randomUUID() : post.idempotencyToken;
  if (idempotencyToken !== null) call = call.set('I-Twilio-Idempotency-Token', idempotencyToken);
  return call.send(new URLSearchParams(params).toString());
}

/** Posts a JSON webhook signed over the URL with its body's SHA-256 (bodySHA256), as Twilio signs JSON. */
export function postJsonWebhook(
  http: ReturnType<typeof request>,
  publicBaseUrl: string,
  body: string,
  post: { authToken: string; bodySha256?: string | null; idempotencyToken?: string },
) {
  const bodySha256 = post.bodySha256 === undefined ? twilio.getExpectedBodyHash(body) : post.bodySha256;
  const query = bodySha256 === null ? '' : `?bodySHA256=${bodySha256}`;
  const signature = twilio.getExpectedTwilioSignature(post.authToken, `${publicBaseUrl}${CONVERSATIONS_WEBHOOK_PATH}${query}`, {});
  return http
    .post(`${CONVERSATIONS_WEBHOOK_PATH}${query}`)
    .set('Content-Type', 'application/json')
    .set('X-Twilio-Signature', signature)
    .set('I-Twilio-Idempotency-Token', post.idempotencyToken ?? randomUUID())
    .send(body);
}

export const FORBIDDEN_BODY = { statusCode: 403, code: 'FORBIDDEN', message: 'Invalid Twilio signature' };
