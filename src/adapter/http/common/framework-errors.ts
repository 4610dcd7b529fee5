import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Socket } from 'node:net';
import { DomainError } from '../../../domain/shared/domain-error';
import { toErrorResponse } from './error-response';

/**
 * Fastify's `frameworkErrors`: what the router answers on its own (a malformed URL: 400; a path parameter longer
 * than the router takes: 414), answered with API.md's error body instead of Fastify's.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { body } = toErrorResponse(error, String(request.id));
  void reply
    .code(body.statusCode)
    .header('Content-Type', 'application/json; charset=utf-8')
    .header('X-Request-Id', request.id)
    .send(body);
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before there is a request at all. A request line
 * longer than the server reads (Node's 16 KiB header limit; no line break came) is a too-long URL, 414; headers
 * that are too large, 431; anything else, 400; all with the API's body. A reset connection gets nothing.
 */
export function answerClientError(clientError: Error, socket: Socket): void {
  const error = clientError as Error & { code?: string; rawPacket?: unknown };
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let refusal: DomainError | { statusCode: number };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') refusal = { statusCode: 408 };
  else if (error.code === 'HPE_HEADER_OVERFLOW') {
    refusal = longRequestLine(error.rawPacket)
      ? new DomainError('URI_TOO_LONG', 'The URL is too long')
      : { statusCode: 431 };
  } else refusal = { statusCode: 400 };
  const { body } = toErrorResponse(refusal, '');
  const payload = JSON.stringify(body);
  const status = `${body.statusCode} ${STATUS_TEXT[body.statusCode] ?? 'Bad Request'}`;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${payload}`,
    );
  }
  socket.destroy(error);
}

/** The bytes the parser choked on start with a request line that has no end within the first 8 KiB. */
function longRequestLine(rawPacket: unknown): boolean {
  if (!Buffer.isBuffer(rawPacket) || !/^[A-Z]+ /.test(rawPacket.subarray(0, 16).toString('latin1')))
    return false;
  const end = rawPacket.indexOf('\r\n');
  return end === -1 || end > LONG_REQUEST_LINE_BYTES;
}

const LONG_REQUEST_LINE_BYTES = 8 * 1024;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};
