/** One Twilio API call as the emulator answered it (never its credentials). */
export interface ApiExchange {
  at: string;
  method: string;
  /** As requested, with the subdomain: `/api/2010-04-01/Accounts/AC…/Messages.json`. */
  path: string;
  query: Record<string, string[]>;
  /** Form parameters of the request body. */
  params: Record<string, string[]>;
  /** The served operation (OperationDescriptor.key), or null when none matched. */
  operation: string | null;
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
