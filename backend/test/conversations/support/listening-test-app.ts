import { createServer } from 'node:net';
import { startTwilioConfigTestApp, type TwilioConfigTestApp } from '../../support/twilio-config-test-app';

/**
 * The test app listening on a real loopback port, with PUBLIC_BASE_URL set to that origin: the Twilio
 * emulator then posts signed webhooks to the very URL the receiver checks signatures against.
 */
export async function startListeningTestApp(name: string, environment: Record<string, string> = {}): Promise<{ sut: TwilioConfigTestApp; origin: string }> {
  const port = await freeLoopbackPort();
  const origin = `http://127.0.0.1:${port}`;
  const sut = await startTwilioConfigTestApp(name, { ...environment, PUBLIC_BASE_URL: origin });
  await sut.app.listen(port, '127.0.0.1');
  return { sut, origin };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
