import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RecordRetentionModule } from '../common/retention/expired-records.pruner';
import { TwilioModule } from '../twilio/twilio.module';
import { TwilioSettingsStoreModule } from '../twilio-settings-store';
import { ConversationEventsRepository } from './conversation-events.repository';
import { ConversationEventsService } from './conversation-events.service';
import { ConversationOrphansService } from './conversation-orphans.service';
import { conversationsMetricProviders } from './conversations-metrics';
import { ConversationsBulkService } from './conversations-bulk.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { ConversationClaimRecord, ConversationClaimSchema } from './schemas/conversation-claim.schema';
import { ConversationEventCountRecord, ConversationEventCountSchema } from './schemas/conversation-event-count.schema';
import { ConversationEventRecord, ConversationEventSchema } from './schemas/conversation-event.schema';
import { ConversationRecord, ConversationSchema } from './schemas/conversation.schema';
import { ConversationsWebhookReceiver } from './webhook/conversations-webhook-receiver.service';
import { ConversationsWebhookController } from './webhook/conversations-webhook.controller';

/**
 * Twilio Conversations for each organization (a feature: docs/architecture.md): the signed inbound
 * webhook, its stored events, and the conversations with phone numbers (find-or-create,
 * reassignment, orphan clean-up) through the Twilio adapter's TwilioConversationsAdapter.
 */
@Module({
  imports: [
    RecordRetentionModule,
    TwilioModule,
    TwilioSettingsStoreModule,
    MongooseModule.forFeature([
      { name: ConversationRecord.name, schema: ConversationSchema },
      { name: ConversationEventRecord.name, schema: ConversationEventSchema },
      { name: ConversationEventCountRecord.name, schema: ConversationEventCountSchema },
      { name: ConversationClaimRecord.name, schema: ConversationClaimSchema },
    ]),
    TwilioSettingsStoreModule,
  ],
  controllers: [ConversationsWebhookController, ConversationsController],
  providers: [
    ConversationsRepository,
    ConversationEventsRepository,
    ConversationEventsService,
    ConversationsService,
    ConversationOrphansService,
    ConversationsWebhookReceiver,
    ConversationsBulkService,
    ...conversationsMetricProviders,
  ],
  exports: [ConversationsService, ConversationEventsService, ConversationsBulkService],
})
export class ConversationsModule {}
