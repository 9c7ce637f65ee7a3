import { Logger } from '@nestjs/common';
import type { Collection } from 'mongoose';

const logger = new Logger('ReplacedIndexes');

/** MongoDB's IndexNotFound and NamespaceNotFound (FerretDB answers the same codes). */
const ALREADY_GONE = new Set([26, 27]);

/**
 * Drops indexes an earlier version created and this one replaced (named as MongoDB names them, e.g.
 * `orgId_1_receivedAt_-1`). Mongoose creates a schema's indexes but never drops one, and every write
 * keeps paying for an index nobody reads. Safe to run on every start and on several instances at once:
 * an index already gone is what was wanted. Answers the names it dropped.
 */
export async function dropReplacedIndexes(collection: Collection, names: readonly string[]): Promise<string[]> {
  const dropped: string[] = [];
  for (const name of names) {
    try {
      await collection.dropIndex(name);
      dropped.push(name);
    } catch (error) {
      if (!ALREADY_GONE.has((error as { code?: number }).code ?? -1)) throw error;
    }
  }
  if (dropped.length > 0) logger.log({ collection: collection.collectionName, dropped }, 'Replaced indexes dropped');
  return dropped;
}
