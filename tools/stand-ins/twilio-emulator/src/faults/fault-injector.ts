/** What the next Twilio API calls should suffer, as tests and demos ask for it. */
export interface FaultSpec {
  /** How many calls (matching pathContains) it applies to; default 1. */
  count?: number;
  /** Answer with this status (and Twilio's error body) instead of serving the call. */
  status?: 500 | 503 | 429;
  /** Twilio error code in the body; default 20500 / 20503 / 20429 for the status. */
  twilioCode?: number;
  /** Hold the answer this long first (past a client's timeout, to provoke one). */
  hangMs?: number;
  /** Only calls whose path (e.g. `/api/2010-04-01/Accounts/AC…/Messages.json`) contains this. */
  pathContains?: string;
}

export interface PendingFault {
  remaining: number;
  status: 500 | 503 | 429 | null;
  twilioCode: number | null;
  hangMs: number;
  pathContains: string | null;
}

export class FaultSpecError extends Error {}

const DEFAULT_CODES: Record<number, { code: number; message: string }> = {
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
  429: { code: 20429, message: 'Too Many Requests' },
};

export function faultAnswer(fault: PendingFault): { status: number; code: number; message: string } | null {
  if (fault.status === null) return null;
  const defaults = DEFAULT_CODES[fault.status];
  return { status: fault.status, code: fault.twilioCode ?? defaults.code, message: defaults.message };
}

/** A queue of faults; each matching call takes one use of the first fault that matches it. */
export class FaultInjector {
  private faults: PendingFault[] = [];

  add(spec: FaultSpec): PendingFault {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new FaultSpecError('count must be a positive integer');
    if (spec.status !== undefined && ![500, 503, 429].includes(spec.status)) {
      throw new FaultSpecError('status must be 500, 503 or 429');
    }
    const hangMs = spec.hangMs ?? 0;
    if (!Number.isFinite(hangMs) || hangMs < 0) throw new FaultSpecError('hangMs must be a non-negative number');
    if (spec.status === undefined && hangMs === 0) throw new FaultSpecError('a fault needs a status, a hangMs, or both');
    if (spec.twilioCode !== undefined && !Number.isInteger(spec.twilioCode)) {
      throw new FaultSpecError('twilioCode must be an integer');
    }
    const fault: PendingFault = {
      remaining: count,
      status: spec.status ?? null,
      twilioCode: spec.twilioCode ?? null,
      hangMs,
      pathContains: spec.pathContains ?? null,
    };
    this.faults.push(fault);
    return { ...fault };
  }

  take(path: string): PendingFault | null {
    const fault = this.faults.find((candidate) => candidate.pathContains === null || path.includes(candidate.pathContains));
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }

  pending(): PendingFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }
}
