import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from '../adapter/http/operations/health.controller';
import { ConsoleSessionController } from '../adapter/http/web/console-session.controller';
import { MetricsController } from '../adapter/http/operations/metrics.controller';
import { readinessProbesProvider } from '../infrastructure/health/readiness-probes';
import { BusinessMetricsCollector } from '../infrastructure/metrics/business-metrics';
import { OrderingModule } from './ordering.module';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }), OrderingModule],
  controllers: [HealthController, MetricsController, ConsoleSessionController],
  providers: [readinessProbesProvider, BusinessMetricsCollector],
})
export class OperationsModule {}
