import { Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Principal } from '../../../domain/identity/principal';
import { bearerToken } from '../common/access-token.guard';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { CONSOLE_COOKIE, QUEUE_BOARD_PATH } from './console-cookie';

/**
 * The console's sign-in for the pages it cannot call with a bearer token: Bull Board at /admin/queues. The
 * admin's token goes into an HttpOnly, SameSite=Strict cookie that only that path receives, and lapses with it.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/console-session')
export class ConsoleSessionController {
  /** Sets the queue board's cookie (admins only, like everything under /api/admin). */
  @Post()
  @HttpCode(204)
  @ApiErrors(401, 403)
  open(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): void {
    const token = bearerToken(request.headers.authorization) ?? '';
    const maxAge = Math.max(0, Math.floor(((principal.expiresAtMs ?? Date.now()) - Date.now()) / 1000));
    void reply.header('Set-Cookie', sessionCookie(token, maxAge, request.protocol === 'https'));
  }

  /** Clears it (log out). */
  @Delete()
  @HttpCode(204)
  @ApiErrors(401, 403)
  close(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('Set-Cookie', sessionCookie('', 0, request.protocol === 'https'));
  }
}

function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [
    `${CONSOLE_COOKIE}=${encodeURIComponent(value)}`,
    `Path=${QUEUE_BOARD_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}
