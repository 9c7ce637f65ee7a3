import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RecordRetentionModule } from '../common/retention/expired-records.pruner';
import { TwilioModule } from '../twilio/twilio.module';
import { TwilioSettingsStoreModule } from '../twilio-settings-store';
import { MessageDeliveriesRepository } from './delivery/message-deliveries.repository';
import { MessageDeliveryService } from './delivery/message-delivery.service';
import { MessagingService } from './messaging.service';
import { OptOutsRepository } from './opt-outs/opt-outs.repository';
import { OptOutsService } from './opt-outs/opt-outs.service';
import { MessageDeliveryRecord, MessageDeliverySchema } from './schemas/message-delivery.schema';
import { OptOutRecord, OptOutSchema } from './schemas/opt-out.schema';
import { MessagingWebhooksReceiver } from './webhooks/messaging-webhooks-receiver.service';
import { MessagingWebhooksController } from './webhooks/messaging-webhooks.controller';
import { messagingMetricProviders } from './webhooks/messaging-webhooks-metrics';

/**
 * Programmable Messaging for each organization (a feature: docs/architecture.md): sending
 * (MessagingService.sendSms), the delivery status of what was sent (signed status callbacks) and the
 * opt-out list (signed incoming messages, Twilio's 21610). The support routes that read them live
 * in twilio-config/.
 */
@Module({
  imports: [
    RecordRetentionModule,
    TwilioModule,
    TwilioSettingsStoreModule,
    MongooseModule.forFeature([
      { name: MessageDeliveryRecord.name, schema: MessageDeliverySchema },
      { name: OptOutRecord.name, schema: OptOutSchema },
    ]),
  ],
  controllers: [MessagingWebhooksController],
  providers: [
    MessagingService,
    MessageDeliveriesRepository,
    MessageDeliveryService,
    OptOutsRepository,
    OptOutsService,
    MessagingWebhooksReceiver,
    ...messagingMetricProviders,
  ],
  exports: [MessagingService, MessageDeliveryService, OptOutsService],
})
export class MessagingModule {}
