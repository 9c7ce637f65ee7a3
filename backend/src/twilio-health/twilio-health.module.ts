import { Module } from '@nestjs/common';
import { TwilioConfigModule } from '../twilio-config/twilio-config.module';
import { TwilioSettingsStoreModule } from '../twilio-config/twilio-settings-store.module';
import { TwilioModule } from '../twilio/twilio.module';
import { TwilioFleetHealthController } from './twilio-fleet-health.controller';
import { TwilioHealthController } from './twilio-health.controller';
import { TwilioHealthService } from './twilio-health.service';

@Module({
  imports: [TwilioModule, TwilioConfigModule, TwilioSettingsStoreModule],
  controllers: [TwilioHealthController, TwilioFleetHealthController],
  providers: [TwilioHealthService],
  exports: [TwilioHealthService],
})
export class TwilioHealthModule {}
