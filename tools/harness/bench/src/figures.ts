import type { Distribution } from './stats';

/** What factory-benchmarks.ts measures (times in ns, sizes in bytes). */
export interface FactoryFigures {
  cachedGetClient: { perCallP50Ns: number; perCallP99Ns: number; singleCallP99Ns: number; calls: number };
  seedWay: { p50Ns: number; p99Ns: number; calls: number; storedOrganizations: number };
  coldBurst: { callers: number; databaseReads: number; repositoryReads: number; distinctClients: number };
  memory: { organizations: number; cachedOrganizations: number; heapDeltaBytes: number; bytesPerOrganization: number; gcExposed: boolean };
  invalidation:
    | {
        /** invalidateCache on instance 1 → the peer's factory dropped the client. */
        bus: Distribution;
        /** The whole settings change on instance 1 (write, invalidation, audit, view) → dropped on the peer. */
        settingsChange: Distribution;
        /** The change committed to the database → dropped on the peer: how long the peer could still use the old client. */
        staleWindow: Distribution;
        droppedBeforeInstanceOneAnswered: number;
        verified: number;
        checks: number;
      }
    | { skipped: string };
}
