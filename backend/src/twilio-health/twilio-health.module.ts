import { Module } from '@nestjs/common';
import { TwilioConfigModule } from '../twilio-config/twilio-config.module';
import { TwilioModule } from '../twilio/twilio.module';
import { TwilioHealthController } from './twilio-health.controller';
import { TwilioHealthService } from './twilio-health.service';

@Module({
  imports: [TwilioModule, TwilioConfigModule],
  controllers: [TwilioHealthController],
  providers: [TwilioHealthService],
  exports: [TwilioHealthService],
})
export class TwilioHealthModule {}
