import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule, JwtAuthGuard, RolesGuard } from './auth';
import { ClockModule } from './common/clock';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { ConversationsModule } from './conversations/conversations.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MessagingModule } from './messaging/messaging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OperationsModule } from './operations/operations.module';
import { TwilioConfigModule } from './twilio-config/twilio-config.module';
import { TwilioModule } from './twilio/twilio.module';

@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    ScheduleModule.forRoot(),
    LoggingModule,
    MongooseModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        uri: config.mongodbUri,
        serverSelectionTimeoutMS: 5000,
      }),
    }),
    MetricsModule,
    AuthModule,
    HealthModule,
    TwilioModule,
    MessagingModule,
    TwilioConfigModule,
    ConversationsModule,
    OperationsModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    // Deny by default: a valid access token unless @Public(), then the @RequireRoles() check.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AppModule {}
