import { HttpException } from '@nestjs/common';
import { DomainError, type ErrorCode, type FieldProblem } from '../../../domain/shared/domain-error';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details: FieldProblem[];
  correlationId?: string;
}

export interface ErrorResponse {
  body: ErrorBody;
  retryAfterSeconds?: number;
  /** Unexpected: logged with its stack, answered without it. */
  unexpected: boolean;
  /** MySQL or Redis could not be reached: answered 503, logged as a warning. */
  dependencyUnreachable?: boolean;
}

/** API.md's table: the one place a code becomes an HTTP status. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  CAPTCHA_INVALID: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  PAYMENT_DECLINED: 402,
  FORBIDDEN: 403,
  IP_BANNED: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SALE_NOT_STARTED: 409,
  SALE_ENDED: 409,
  SOLD_OUT: 409,
  INSUFFICIENT_STOCK: 409,
  LIMIT_EXCEEDED: 409,
  SALE_LOCKED: 409,
  ORDER_NOT_PAYABLE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  TOO_MANY_REQUESTS: 429,
  BUSY: 503,
  INTERNAL: 500,
};

const CODE_BY_STATUS: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'The request is malformed' },
  401: { code: 'UNAUTHENTICATED', message: 'A valid access token is required' },
  403: { code: 'FORBIDDEN', message: 'You are not allowed to do this' },
  404: { code: 'NOT_FOUND', message: 'There is nothing here' },
  408: { code: 'BAD_REQUEST', message: 'The request took too long to arrive' },
  409: { code: 'CONFLICT', message: 'The request conflicts with the current state' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 16 KiB' },
  414: { code: 'URI_TOO_LONG', message: 'The URL is too long' },
  415: { code: 'BAD_REQUEST', message: 'This content type is not supported; send application/json' },
  431: { code: 'BAD_REQUEST', message: 'The request headers are too large' },
  429: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests; slow down' },
  503: { code: 'BUSY', message: 'The service is busy; try again shortly' },
};

/** Messages of framework errors that are safe to pass on, by their error code. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not supported; send application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but its content type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than 16 KiB',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body',
  FST_ERR_BAD_URL: 'The URL is malformed',
  FST_ERR_MAX_PARAM_LENGTH: 'The URL is too long',
};

/** Connection-level failures of MySQL (mysql2, also inside TypeORM's errors) and of Redis (ioredis). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
]);
/** ioredis's words for a Redis it cannot reach, and for a Redis Cluster between a master's death and its replica's
 * promotion (docs/scale-out.md): the last one is a batch grouped under the old slot map and sent under the new. */
const UNREACHABLE_REDIS =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request|Too many Cluster redirections|CLUSTERDOWN |TRYAGAIN |Failed to refresh slots cache|Cluster isn't ready|None of startup nodes is available|MOVED \d+ |ASK \d+ |All keys in the pipeline should belong to the same slots allocation group)/;
const UNREACHABLE_RETRY_AFTER_SECONDS = 1;

export function toErrorResponse(exception: unknown, correlationId: string): ErrorResponse {
  if (exception instanceof DomainError) return fromDomainError(exception);
  if (isDependencyUnreachable(exception)) return dependencyUnreachable();
  const status = statusOf(exception);
  if (status === undefined || status >= 500) return internal(correlationId, exception);
  const known = CODE_BY_STATUS[status] ?? { code: 'BAD_REQUEST', message: 'The request cannot be served' };
  return {
    body: {
      statusCode: status,
      code: known.code,
      message: messageOf(exception) ?? known.message,
      details: [],
    },
    unexpected: false,
  };
}

function fromDomainError(error: DomainError): ErrorResponse {
  const statusCode = STATUS_BY_CODE[error.code];
  return {
    body: { statusCode, code: error.code, message: error.message, details: error.details },
    retryAfterSeconds:
      error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
    unexpected: false,
  };
}

/** A dependency that is away is not our bug: the caller is told to come back shortly (API.md's 503). */
function isDependencyUnreachable(exception: unknown): boolean {
  const error = exception as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  if (!error) return false;
  const code = error.driverError?.code ?? error.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  return typeof error.message === 'string' && UNREACHABLE_REDIS.test(error.message);
}

function dependencyUnreachable(): ErrorResponse {
  return {
    body: {
      statusCode: 503,
      code: 'BUSY',
      message: 'A service this request needs cannot be reached right now; try again shortly',
      details: [],
    },
    retryAfterSeconds: UNREACHABLE_RETRY_AFTER_SECONDS,
    unexpected: false,
    dependencyUnreachable: true,
  };
}

function internal(correlationId: string, _cause: unknown): ErrorResponse {
  return {
    body: {
      statusCode: 500,
      code: 'INTERNAL',
      message: `Something went wrong on our side; quote ${correlationId} when reporting it`,
      details: [],
      correlationId,
    },
    unexpected: true,
  };
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/** Only messages we wrote, or a framework's that we vetted, reach the client. */
function messageOf(exception: unknown): string | undefined {
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    return typeof response === 'string' ? response : undefined;
  }
  const code = (exception as { code?: unknown }).code;
  if (typeof code === 'string' && FRAMEWORK_MESSAGES[code]) return FRAMEWORK_MESSAGES[code];
  if (exception instanceof SyntaxError) return FRAMEWORK_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY;
  return undefined;
}
