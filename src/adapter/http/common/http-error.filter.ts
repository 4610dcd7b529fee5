import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

/**
 * Every error, everywhere (body parsing and size limits included: Nest's Fastify adapter routes them here),
 * leaves with the one body of API.md; nothing internal leaks.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendErrorReply(
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      exception,
      this.logger,
    );
  }
}

/** The error answer of API.md, for the filter and for the order front door (which answers ahead of Nest). */
export function sendErrorReply(
  request: FastifyRequest,
  reply: FastifyReply,
  exception: unknown,
  logger: Pick<Logger, 'error' | 'warn'>,
): void {
  const reqId = String(request.id);
  const { body, retryAfterSeconds, unexpected, dependencyUnreachable } = toErrorResponse(exception, reqId);
  // The id is named here, not left to the request's logger: order attempts skip that logger when requests
  // are not logged, and a shopper's correlationId must still find its line.
  if (unexpected) logger.error({ err: exception, url: request.url, reqId }, 'Unexpected error');
  if (dependencyUnreachable) logger.warn({ url: request.url, reqId }, String(exception));
  if (reply.sent) return;
  if (retryAfterSeconds !== undefined) void reply.header('Retry-After', String(retryAfterSeconds));
  void reply.status(body.statusCode).header('Content-Type', 'application/json; charset=utf-8').send(body);
}
