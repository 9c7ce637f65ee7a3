/** One Twilio API call as the emulator answered it (never its credentials). */
export interface ApiExchange {
  at: string;
  method: string;
  /** As requested, with the host segment: `/api.dublin.ie1/2010-04-01/Accounts/AC…/Messages.json`. */
  path: string;
  /** The Twilio host the call targeted, without `.twilio.com`: `api`, `api.dublin.ie1`. */
  host: string;
  /** The edge named in the host, or null (`api.twilio.com`, `api.us1.twilio.com`). */
  edge: string | null;
  /** The region that processed the call, or null when no such host answers (the connection was closed). */
  region: string | null;
  query: Record<string, string[]>;
  /** Form parameters of the request body. */
  params: Record<string, string[]>;
  /** The served operation (OperationDescriptor.key), or null when none matched. */
  operation: string | null;
  /** 0 when the host does not exist: no HTTP answer was given. */
  status: number;
  /** Parsed JSON, or null for an empty (204) answer. */
  responseBody: unknown;
  /** Whether an injected fault produced this answer. */
  injectedFault: boolean;
}

const MAX_KEPT_EXCHANGES = 5_000;

export class RequestJournal {
  private readonly kept: ApiExchange[] = [];

  get exchanges(): readonly ApiExchange[] {
    return this.kept;
  }

  record(exchange: ApiExchange): void {
    this.kept.push(exchange);
    if (this.kept.length > MAX_KEPT_EXCHANGES) this.kept.splice(0, this.kept.length - MAX_KEPT_EXCHANGES);
  }

  clear(): void {
    this.kept.length = 0;
  }
}

export function groupParams(params: URLSearchParams): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of params) (grouped[name] ??= []).push(value);
  return grouped;
}
