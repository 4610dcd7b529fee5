import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type AccessTokens } from '../../../domain/identity/access-tokens';
import { type AccountDirectory } from '../../../domain/identity/account-directory';
import { ForbiddenError, UnauthenticatedError } from '../../../domain/identity/identity.errors';
import { toErrorResponse } from '../common/error-response';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** Set by POST /api/admin/console-session: the admin's access token, sent back only to the queue board. */
export const CONSOLE_COOKIE = 'fs_console';

/**
 * Bull Board has no sign-in of its own: every request under its prefix must carry the console cookie
 * (HttpOnly, SameSite=Strict, Path=/admin/queues) holding a valid admin token; anyone else gets 401/403.
 */
export function requireConsoleCookie(
  board: FastifyInstance,
  tokens: AccessTokens,
  accounts: AccountDirectory,
): void {
  board.addHook('onRequest', async (request, reply) => {
    const token = cookie(request, CONSOLE_COOKIE);
    if (!token) return refuse(reply, new UnauthenticatedError('Sign in to the console first'));
    const principal = await tokens.verify(token).catch(() => undefined);
    if (!principal) return refuse(reply, new UnauthenticatedError('The console session has expired'));
    // The stored role, as for /api/admin: a demoted admin's cookie stops opening the board.
    const role = await accounts.roleOf(principal.userId).catch(() => null);
    if (role === null) return refuse(reply, new UnauthenticatedError('The console session has expired'));
    if (role !== 'admin') return refuse(reply, new ForbiddenError('This needs an administrator'));
  });
}

export function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function refuse(reply: FastifyReply, error: Error): FastifyReply {
  const { body } = toErrorResponse(error, '');
  return reply.code(body.statusCode).header('Cache-Control', 'no-store').send(body);
}
