import { NotificationQueue } from '../../src/domain/notification/notification.queue';
import { registerAndLogIn } from '../support/accounts';
import { startAppInstance, startTestApp, type TestApp } from '../support/test-app';

describe('notifications: listed and streamed live (SSE) across instances', () => {
  let t: TestApp;
  let other: Awaited<ReturnType<typeof startAppInstance>>;

  beforeAll(async () => {
    t = await startTestApp();
    other = await startAppInstance(t.environment.config, { APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('a notification delivered by the worker of one instance reaches a stream open on another', async () => {
    const shopper = await registerAndLogIn(t.http, 'Streamer');
    const abort = new AbortController();
    const response = await fetch(`${other.baseUrl}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${shopper.token}` },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);

    const received = readEvents(response, 'notification');
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription settle
    await t.app.get(NotificationQueue).enqueue({
      userId: shopper.id,
      kind: 'order_placed',
      title: 'Order placed: test',
      body: 'streamed',
      data: { orderId: '42' },
    });
    const event = await received;
    abort.abort();
    expect(event).toMatchObject({
      kind: 'order_placed',
      title: 'Order placed: test',
      data: { orderId: '42' },
    });

    const listed = await t.http.get('/api/notifications', { token: shopper.token });
    expect(listed.body.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['order_placed', 'welcome']),
    );
  });

  it('needs a token', async () => {
    const response = await fetch(`${other.baseUrl}/api/notifications/stream`);
    expect(response.status).toBe(401);
  });
});

async function readEvents(response: Response, type: string, timeoutMs = 10000): Promise<any> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (const block of buffer.split('\n\n')) {
      if (block.includes(`event: ${type}`)) {
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        return JSON.parse(data);
      }
    }
  }
  throw new Error(`no ${type} event within ${timeoutMs} ms`);
}
