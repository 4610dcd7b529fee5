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
  LIMIT_EXCEEDED: 409,
  SALE_LOCKED: 409,
  ORDER_NOT_PAYABLE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  BUSY: 503,
  INTERNAL: 500,
};

const CODE_BY_STATUS: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'The request is malformed' },
  401: { code: 'UNAUTHENTICATED', message: 'A valid access token is required' },
  403: { code: 'FORBIDDEN', message: 'You are not allowed to do this' },
  404: { code: 'NOT_FOUND', message: 'There is nothing here' },
  409: { code: 'CONFLICT', message: 'The request conflicts with the current state' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 16 KiB' },
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
};

export function toErrorResponse(exception: unknown, correlationId: string): ErrorResponse {
  if (exception instanceof DomainError) return fromDomainError(exception);
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
