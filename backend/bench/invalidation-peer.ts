/**
 * The second API instance of the invalidation benchmark: its own process, its own Nest context on
 * the same MongoDB and Redis. It notes when its factory drops a watched organization's client
 * (its bus handlers run in order, the factory's first) and answers getClient on request.
 */
import { SettingsChangeBus } from '../src/twilio-settings-store';
import { TwilioClientFactory } from '../src/twilio/twilio-client.factory';
import { startBackendContext } from './backend-context';
import type { PeerCommand, PeerEvent } from './peer-protocol';

async function main(): Promise<void> {
  const send = (event: PeerEvent) => process.send?.(event);
  const context = await startBackendContext();
  const factory = context.get(TwilioClientFactory);
  const watched = new Set<string>();
  context.get(SettingsChangeBus).subscribe(
    (orgId) => {
      if (watched.has(orgId)) send({ type: 'dropped', orgId, at: process.hrtime.bigint().toString() });
    },
    () => undefined, // a reconnect clears every cache; the benchmark watches single changes only
  );
  const clientNumbers = new WeakMap<object, number>();
  let clientsSeen = 0;

  process.on('message', (command: PeerCommand) => {
    if (command.type === 'watch') watched.add(command.orgId);
    if (command.type === 'get-client') {
      factory.getClient(command.orgId).then(
        ({ client }) => {
          if (!clientNumbers.has(client)) clientNumbers.set(client, ++clientsSeen);
          send({ type: 'outcome', orgId: command.orgId, client: clientNumbers.get(client) ?? null, error: null });
        },
        (error: Error) => send({ type: 'outcome', orgId: command.orgId, client: null, error: error.constructor.name }),
      );
    }
    if (command.type === 'stop') void context.close().then(() => process.exit(0));
  });
  // No orphan: when the benchmark process is gone, so is its IPC channel.
  process.once('disconnect', () => void context.close().finally(() => process.exit(0)));
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`invalidation peer failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
