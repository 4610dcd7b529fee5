import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes a result through and rejects what takes too long', async () => {
    await expect(withTimeout(Promise.resolve(7), 50, 'it')).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => undefined), 20, 'it')).rejects.toThrow(
      /did not answer within 20 ms/,
    );
  });

  it('lets a reply that arrived in time win over a timer that fired late (busy event loop)', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [peer] = (await once(server, 'connection')) as [Socket];
    try {
      const reply = new Promise<string>((resolve) => client.once('data', (data) => resolve(String(data))));
      const racing = withTimeout(reply, 10, 'the peer');
      // The reply is on its way (in the kernel) before the deadline, but the process is busy past the deadline.
      peer.write('in time');
      const busyUntil = Date.now() + 40;
      while (Date.now() < busyUntil) {
        // blocking the event loop
      }
      await expect(racing).resolves.toBe('in time');
    } finally {
      client.destroy();
      peer.destroy();
      server.close();
    }
  });
});
