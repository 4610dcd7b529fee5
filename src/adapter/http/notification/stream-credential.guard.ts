import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { AccessTokens } from '../../../domain/identity/access-tokens';
import { AccountDirectory } from '../../../domain/identity/account-directory';
import { UnauthenticatedError } from '../../../domain/identity/identity.errors';
import { StreamTickets } from '../../../domain/notification/stream-tickets';
import { bearerToken } from '../common/access-token.guard';

declare module 'fastify' {
  interface FastifyRequest {
    /** When the credential that opened a notification stream expires (epoch ms). */
    streamExpiresAtMs?: number;
  }
}

/**
 * The notification stream opens with a bearer token or, for a browser's EventSource (which cannot send
 * headers), a single-use `?ticket=`. Either way the stream learns when that credential expires.
 */
@Injectable()
export class StreamCredentialGuard implements CanActivate {
  constructor(
    private readonly tickets: StreamTickets,
    private readonly tokens: AccessTokens,
    private readonly accounts: AccountDirectory,
  ) {}

  /** As the global guard does: a deleted account's credential opens nothing (a failed read trusts it). */
  private async ensureAccountExists(userId: string): Promise<void> {
    const role = await this.accounts.roleOf(userId).catch(() => undefined);
    if (role === null) throw new UnauthenticatedError('The account of this access token no longer exists');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const ticket = (request.query as Record<string, unknown> | undefined)?.ticket;
    if (typeof ticket === 'string' && ticket !== '') {
      const credential = await this.tickets.redeem(ticket);
      if (!credential) throw new UnauthenticatedError('The stream ticket is invalid, used or expired');
      await this.ensureAccountExists(credential.principal.userId);
      request.principal = credential.principal;
      request.streamExpiresAtMs = credential.expiresAtMs;
      return true;
    }
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthenticatedError();
    const principal = await this.tokens.verify(token);
    if (principal.expiresAtMs === undefined) throw new UnauthenticatedError();
    await this.ensureAccountExists(principal.userId);
    request.principal = principal;
    request.streamExpiresAtMs = principal.expiresAtMs;
    return true;
  }
}
