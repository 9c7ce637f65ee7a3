import { Module } from '@nestjs/common';
import { TwilioConfigModule } from '../twilio-config/twilio-config.module';
import { OperationsServer } from './operations-server';

/** The private operations listener (METRICS_PORT); started by main.ts, not by operator commands. */
@Module({
  imports: [TwilioConfigModule],
  providers: [OperationsServer],
  exports: [OperationsServer],
})
export class OperationsModule {}
