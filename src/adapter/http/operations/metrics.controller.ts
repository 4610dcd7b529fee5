import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { collectDefaultMetrics, register } from 'prom-client';
import { ApiErrors } from '../common/api-errors.decorator';
import { Public } from '../common/public.decorator';
import { MetricsTokenGuard } from './metrics-token.guard';

collectDefaultMetrics({ register });

@ApiTags('operations')
@Public()
@SkipThrottle()
@UseGuards(MetricsTokenGuard)
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  /**
   * Prometheus text format: process metrics, HTTP durations, circuit states, and the business series (order
   * attempts by outcome, units of the running sales by state, queue depths, order write latency). Behind
   * METRICS_TOKEN (bearer) when it is set.
   */
  @Get()
  @ApiErrors(401)
  @ApiProduces('text/plain')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
