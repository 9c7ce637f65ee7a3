import { Controller, Global, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { twilioMetricProviders } from './twilio-metrics';

/**
 * The registry stays here, but no route of the public app serves it: `/metrics` is answered on
 * METRICS_PORT only, by the operations listener (operations/), because its labels name tenants.
 * The library always mounts a controller; this one has no route.
 */
@ApiExcludeController()
@Controller()
class NoPublicMetricsRoute {}

@Global()
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', controller: NoPublicMetricsRoute, defaultMetrics: { enabled: true } })],
  providers: [...twilioMetricProviders],
  exports: [...twilioMetricProviders],
})
export class MetricsModule {}
