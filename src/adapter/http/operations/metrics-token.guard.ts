import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { UnauthenticatedError } from '../../../domain/identity/identity.errors';
import { bearerToken } from '../common/access-token.guard';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set (401 UNAUTHENTICATED
 * otherwise); without it, /metrics stays open as before. Compared in constant time (over digests, so the length
 * of the token is not told either).
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(config: AppConfig) {
    this.expected = config.metricsToken === null ? null : digest(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === null) return true;
    const given = bearerToken(context.switchToHttp().getRequest<FastifyRequest>().headers.authorization);
    if (given !== undefined && timingSafeEqual(digest(given), this.expected)) return true;
    throw new UnauthenticatedError('A valid metrics token is required');
  }
}
