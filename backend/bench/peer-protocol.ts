/** Messages between factory-benchmarks.ts and its second API instance (invalidation-peer.ts). */
export type PeerCommand =
  | { type: 'watch'; orgId: string }
  /** getClient(orgId) on the peer; answered with `outcome`. */
  | { type: 'get-client'; orgId: string }
  | { type: 'stop' };

export type PeerEvent =
  | { type: 'ready' }
  /** `client` numbers each distinct client object the peer's factory handed out (1, 2, …). */
  | { type: 'outcome'; orgId: string; client: number | null; error: string | null }
  /** The peer's factory dropped the organization's client; `at` is process.hrtime.bigint(), a machine-wide monotonic clock. */
  | { type: 'dropped'; orgId: string; at: string };
