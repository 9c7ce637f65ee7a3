import { MongoClient, type IndexDescription } from 'mongodb';
import { dropReplacedIndexes } from '../../src/common/mongo/replaced-indexes';
import { startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { testDatabaseUri } from '../test-environment';

/** A listing as its repository queries it: the equality fields, then the sort (newest first, _id as the tie-break). */
interface Listing {
  collection: string;
  equality: string[];
  sort: Record<string, 1 | -1>;
}

const LISTINGS: Listing[] = [
  { collection: 'conversation_events', equality: ['orgId'], sort: { receivedAt: -1, _id: -1 } },
  { collection: 'conversation_events', equality: ['orgId', 'conversationSid'], sort: { receivedAt: -1, _id: -1 } },
  { collection: 'conversations', equality: ['orgId'], sort: { updatedAt: -1, _id: -1 } },
  { collection: 'sms_opt_outs', equality: ['orgId'], sort: { since: -1, _id: -1 } },
  { collection: 'twilio_config_audit', equality: ['orgId'], sort: { at: -1, _id: -1 } },
];

/** What versions before this one created: the sort's fields without the _id tie-break. */
const EARLIER_INDEXES: Array<{ collection: string; key: Record<string, 1 | -1>; name: string }> = [
  { collection: 'conversation_events', key: { orgId: 1, receivedAt: -1 }, name: 'orgId_1_receivedAt_-1' },
  { collection: 'conversation_events', key: { orgId: 1, conversationSid: 1, receivedAt: -1 }, name: 'orgId_1_conversationSid_1_receivedAt_-1' },
  { collection: 'conversations', key: { orgId: 1, updatedAt: -1 }, name: 'orgId_1_updatedAt_-1' },
  { collection: 'sms_opt_outs', key: { orgId: 1, since: -1 }, name: 'orgId_1_since_-1' },
  { collection: 'twilio_config_audit', key: { orgId: 1, at: -1 }, name: 'orgId_1_at_-1' },
];

/**
 * MongoDB's rule for an index to give a sort's order (manual, "Use Indexes to Sort Query Results"):
 * the equality fields first, in any order, then exactly the sort's keys in its order, every direction
 * as sorted or every one reversed. Otherwise the query reads every matching document and sorts them.
 */
function servesSort(index: IndexDescription, listing: Listing): boolean {
  const keys = Object.entries(index.key as Record<string, number>);
  const leading = keys.slice(0, listing.equality.length).map(([field]) => field);
  if (leading.length !== listing.equality.length || !listing.equality.every((field) => leading.includes(field))) return false;
  const rest = keys.slice(listing.equality.length);
  const sort = Object.entries(listing.sort);
  if (rest.length < sort.length) return false;
  const sameFields = sort.every(([field], at) => rest[at][0] === field);
  const same = sort.every(([, direction], at) => rest[at][1] === direction);
  const reversed = sort.every(([, direction], at) => rest[at][1] === -direction);
  return sameFields && (same || reversed);
}

/**
 * On MongoDB (Atlas), a listing whose sort no index serves reads and sorts all of an organization's
 * documents to answer a page: the events listing, up to WEBHOOK_EVENTS_STORED_PER_ORG of them. The
 * indexes are checked by MongoDB's rule here because FerretDB 1.x plans no query by them.
 */
describe('indexes that serve the listings (integration: FerretDB)', () => {
  let sut: TwilioConfigTestApp;
  let client: MongoClient;
  const databaseUri = testDatabaseUri('listing-indexes');

  beforeAll(async () => {
    // A database as an earlier version left it: the indexes without the _id tie-break.
    client = await new MongoClient(databaseUri).connect();
    for (const earlier of EARLIER_INDEXES) await client.db().collection(earlier.collection).createIndex(earlier.key, { name: earlier.name });
    sut = await startTwilioConfigTestApp('listing-indexes', { MONGODB_URI: databaseUri, LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await sut?.close();
    await client?.close();
  });

  const indexesOf = (collection: string) => client.db().collection(collection).indexes();

  it.each(LISTINGS.map((listing) => [`${listing.collection} by ${listing.equality.join(', ')}`, listing] as const))(
    'has an index that gives the sort of the listing of %s',
    async (_name, listing) => {
      const indexes = await indexesOf(listing.collection);
      expect(indexes.filter((index) => servesSort(index, listing)).map((index) => index.name)).toHaveLength(1);
    },
  );

  it('drops, at start-up, the indexes of earlier versions that the new ones replace', async () => {
    for (const earlier of EARLIER_INDEXES) {
      const names = (await indexesOf(earlier.collection)).map((index) => index.name);
      expect(names).not.toContain(earlier.name);
    }
  });

  it('drops only what it names, and finds nothing to drop the second time (a restart, or another instance)', async () => {
    const events = sut.connection.collection('conversation_events');
    const before = (await events.indexes()).map((index) => index.name);

    await expect(dropReplacedIndexes(events, ['orgId_1_receivedAt_-1', 'no_such_index'])).resolves.toEqual([]);

    expect((await events.indexes()).map((index) => index.name)).toEqual(before);
  });

  it('the rule itself: the earlier indexes did not give the sort, the tie-break missing', () => {
    for (const earlier of EARLIER_INDEXES) {
      for (const listing of LISTINGS.filter((candidate) => candidate.collection === earlier.collection)) {
        expect(servesSort({ key: earlier.key, name: earlier.name }, listing)).toBe(false);
      }
    }
    expect(servesSort({ key: { orgId: 1, receivedAt: 1, _id: 1 } }, LISTINGS[0])).toBe(true);
    expect(servesSort({ key: { orgId: 1, receivedAt: -1, _id: 1 } }, LISTINGS[0])).toBe(false);
  });
});
