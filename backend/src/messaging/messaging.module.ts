import { Module } from '@nestjs/common';
import { TwilioModule } from '../twilio/twilio.module';
import { MessagingService } from './messaging.service';

@Module({
  imports: [TwilioModule],
  providers: [MessagingService],
  exports: [MessagingService],
})
export class MessagingModule {}
