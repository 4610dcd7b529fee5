import { Module, RequestMethod } from '@nestjs/common';
import { type RouteInfo } from '@nestjs/common/interfaces';
import { type AppConfig } from '../config/app-config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccessTokenGuard } from '../adapter/http/common/access-token.guard';
import { HttpErrorFilter } from '../adapter/http/common/http-error.filter';
import { createValidationPipe } from '../adapter/http/common/validation.pipe';
import { PLACE_ORDER_ROUTE } from '../adapter/http/ordering/order-routes';
import { AddressRateLimitGuard } from '../adapter/http/risk/address-rate-limit.guard';
import { IdentityModule } from './identity.module';
import { RiskHttpModule } from './risk-http.module';

/**
 * Order attempts skip the per-request logger when requests are not logged: binding a child logger and an async
 * context to every attempt costs a spike more than the rare warning of one attempt gains from carrying its id.
 */
const ORDER_ATTEMPTS = { method: RequestMethod.POST, path: PLACE_ORDER_ROUTE.slice(1) };

/** The probes, for the same reason: they log nothing, and a third of a probe's CPU went to the middleware. */
const HEALTH_PROBES = [
  { method: RequestMethod.GET, path: 'health/live' },
  { method: RequestMethod.GET, path: 'health/ready' },
];

/** The routes whose requests get no per-request logger (CoreModule's logging), unless requests are logged. */
export function unloggedRoutes(config: AppConfig): RouteInfo[] {
  return config.http.logRequests ? [] : [ORDER_ATTEMPTS, ...HEALTH_PROBES];
}

/**
 * API.md's conventions for every route: one error body, strict validation, the per-address rate limit (its
 * throttlers are configured in RiskHttpModule), a token unless @Public().
 */
@Module({
  imports: [IdentityModule, RiskHttpModule],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    // Global guards run in this order: the cheap per-address limit first, then the token check.
    { provide: APP_GUARD, useClass: AddressRateLimitGuard },
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
})
export class HttpConventionsModule {}
