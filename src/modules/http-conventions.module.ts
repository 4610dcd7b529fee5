import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccessTokenGuard } from '../adapter/http/common/access-token.guard';
import { HttpErrorFilter } from '../adapter/http/common/http-error.filter';
import { createValidationPipe } from '../adapter/http/common/validation.pipe';
import { AddressRateLimitGuard } from '../adapter/http/risk/address-rate-limit.guard';
import { IdentityModule } from './identity.module';
import { RiskModule } from './risk.module';

/**
 * API.md's conventions for every route: one error body, strict validation, the per-address rate limit (its
 * throttlers are configured in RiskModule), a token unless @Public().
 */
@Module({
  imports: [IdentityModule, RiskModule],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    // Global guards run in this order: the cheap per-address limit first, then the token check.
    { provide: APP_GUARD, useClass: AddressRateLimitGuard },
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
})
export class HttpConventionsModule {}
