import { toErrorResponse } from './error-response';

describe('toErrorResponse', () => {
  it.each([
    ['mysql2 refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    [
      'TypeORM wrapping a lost connection',
      { message: 'x', driverError: { code: 'PROTOCOL_CONNECTION_LOST' } },
    ],
    ['ioredis closed', new Error('Connection is closed.')],
    [
      'ioredis without offline queue',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    // A Redis Cluster while a failed master's replica takes over (ioredis's own messages).
    [
      'cluster redirections',
      new Error('Too many Cluster redirections. Last error: Error: Connection is closed.'),
    ],
    ['cluster down', new Error('CLUSTERDOWN The cluster is down')],
    ['cluster slot migrating', new Error('TRYAGAIN Multiple keys request during rehashing of slot')],
    ['cluster map unknown', new Error('Failed to refresh slots cache.')],
    ['cluster not ready', new Error("Cluster isn't ready and enableOfflineQueue options is false")],
    ['cluster without nodes', new Error('None of startup nodes is available')],
    // In a batch that mixes nodes, ioredis hands a MOVED reply to its command instead of following it.
    ['cluster slot moved', Object.assign(new Error('MOVED 5182 127.0.0.1:7001'), { name: 'ReplyError' })],
    // A batch grouped under the slot map before a failover, sent after it: the nodes it named moved.
    [
      'cluster map changed under a batch',
      new Error('All keys in the pipeline should belong to the same slots allocation group'),
    ],
  ])('answers 503 BUSY with Retry-After when a dependency is unreachable (%s)', (_what, error) => {
    const response = toErrorResponse(error, 'req-1');
    expect(response.body).toMatchObject({ statusCode: 503, code: 'BUSY', details: [] });
    expect(response.retryAfterSeconds).toBe(1);
    expect(response.unexpected).toBe(false);
  });

  it('keeps anything else a 500 with the correlation id, and says nothing of the cause', () => {
    const response = toErrorResponse(new Error('ER_PARSE_ERROR near SELECT'), 'req-2');
    expect(response.body).toMatchObject({ statusCode: 500, code: 'INTERNAL', correlationId: 'req-2' });
    expect(response.body.message).not.toContain('SELECT');
    expect(response.unexpected).toBe(true);
  });
});
