import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccessTokenGuard } from '../adapter/http/common/access-token.guard';
import { HttpErrorFilter } from '../adapter/http/common/http-error.filter';
import { createValidationPipe } from '../adapter/http/common/validation.pipe';
import { IdentityModule } from './identity.module';

/** API.md's conventions for every route: one error body, strict validation, a token unless @Public(). */
@Module({
  imports: [IdentityModule],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
})
export class HttpConventionsModule {}
