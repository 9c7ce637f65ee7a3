import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MetricsController } from './metrics.controller';
import { twilioMetricProviders } from './twilio-metrics';

@Global()
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } })],
  providers: [...twilioMetricProviders],
  exports: [...twilioMetricProviders],
})
export class MetricsModule {}
