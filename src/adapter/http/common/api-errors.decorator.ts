import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED, BAD_REQUEST or CAPTCHA_INVALID',
  401: 'UNAUTHENTICATED or INVALID_CREDENTIALS',
  402: 'PAYMENT_DECLINED',
  403: 'FORBIDDEN or IP_BANNED',
  404: 'NOT_FOUND',
  409: 'A conflict with the current state (see the code)',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS, with Retry-After',
  503: 'BUSY, with Retry-After',
};

/** Documents the error answers of an endpoint, all with the one error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorBodyDto }),
    ),
  );
}
