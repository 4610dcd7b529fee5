import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyRequest } from 'fastify';
import { AccessTokens } from '../../../domain/identity/access-tokens';
import { ForbiddenError, UnauthenticatedError } from '../../../domain/identity/identity.errors';
import { IS_PUBLIC } from './public.decorator';

export const ADMIN_PATH_PREFIX = '/api/admin';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and every route under
 * /api/admin needs an admin's. Going by the registered route path means no new admin route can forget it.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    const route = request.routeOptions.url ?? request.url;
    const isAdminRoute = route === ADMIN_PATH_PREFIX || route.startsWith(`${ADMIN_PATH_PREFIX}/`);
    if (isPublic && !isAdminRoute) return true;

    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthenticatedError();
    request.principal = await this.tokens.verify(token);
    if (isAdminRoute && request.principal.role !== 'admin')
      throw new ForbiddenError('This needs an administrator');
    return true;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
