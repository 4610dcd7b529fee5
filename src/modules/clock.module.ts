import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../domain/shared/clock';

/** One clock for every context. */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
