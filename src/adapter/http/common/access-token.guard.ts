import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyRequest } from 'fastify';
import { AccessTokens } from '../../../domain/identity/access-tokens';
import { AccountDirectory } from '../../../domain/identity/account-directory';
import { ForbiddenError, UnauthenticatedError } from '../../../domain/identity/identity.errors';
import { type Principal } from '../../../domain/identity/principal';
import { type Role } from '../../../domain/identity/user';
import { DomainError } from '../../../domain/shared/domain-error';
import { PLACE_ORDER_ROUTE } from '../ordering/order-routes';
import { IS_PUBLIC } from './public.decorator';

export const ADMIN_PATH_PREFIX = '/api/admin';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and every route under
 * /api/admin needs an admin's. Going by the registered route path means no new admin route can forget it.
 * The token only says who is calling: the account must still exist, and its role is the stored one (both as
 * read at most AUTH_USER_CACHE_MS ago, see AccountDirectory), so a deleted account's token stops working and a
 * demoted admin loses /api/admin within that window. The order attempt alone trusts the token as it stands (API.md
 * allows the hot path to): a spike's thousands of first-time shoppers would each cost a MySQL read before the
 * gate, and a deleted buyer is refused anyway, by the orders table's foreign key (sync, bucketed: 401, units back)
 * or by the worker (async: the ticket fails, units back).
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly accounts: AccountDirectory,
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
    const claimed = await this.tokens.verify(token);
    if (route === PLACE_ORDER_ROUTE && request.method === 'POST') {
      request.principal = claimed;
      return true;
    }
    const role = await this.storedRole(claimed, isAdminRoute);
    if (role === null) throw new UnauthenticatedError('The account of this access token no longer exists');
    request.principal = { ...claimed, role };
    if (isAdminRoute && role !== 'admin') throw new ForbiddenError('This needs an administrator');
    return true;
  }

  /**
   * When MySQL cannot say, a shopper's token is trusted as it stands (an order is still refused by the orders
   * table's foreign key, and the units go back), but admin rights are not granted on a token's word.
   */
  private async storedRole(claimed: Principal, isAdminRoute: boolean): Promise<Role | null> {
    try {
      return await this.accounts.roleOf(claimed.userId);
    } catch {
      if (isAdminRoute) {
        throw new DomainError('BUSY', 'Accounts cannot be read right now; try again shortly', [], 1000);
      }
      return 'customer';
    }
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
