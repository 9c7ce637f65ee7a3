/** How fast the emulated world moves; tests keep the defaults, demos may slow it down to watch. */
export interface EmulatorTiming {
  /** queued → sent (and accepted → queued for Messaging Service sends). */
  sendDelayMs: number;
  /** sent → delivered / undelivered / failed. */
  deliverDelayMs: number;
  /** Twilio gives up on a webhook after this long (Conversations webhooks: 5 s). */
  webhookTimeoutMs: number;
  /** Wait before retrying a Conversations webhook that failed with 5xx or no answer. */
  webhookRetryDelayMs: number;
  /** Retries after the first attempt of a Conversations webhook. */
  webhookMaxRetries: number;
}

export const DEFAULT_TIMING: EmulatorTiming = {
  sendDelayMs: 50,
  deliverDelayMs: 100,
  webhookTimeoutMs: 5_000,
  webhookRetryDelayMs: 100,
  webhookMaxRetries: 2,
};
