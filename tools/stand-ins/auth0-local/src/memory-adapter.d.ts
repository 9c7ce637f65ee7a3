// The one oidc-provider module @types/oidc-provider does not describe.
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  /** The library's in-memory store (an LRU of 1000 entries); passing it explicitly skips its warning. */
  export function createMemoryAdapter(clockTolerance?: number): (model: string) => import('oidc-provider').Adapter;
}
