import { Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { RequestOrganization } from './request-organization';

/**
 * The request's async-local store (nestjs-cls, its middleware mounted on every route: each request
 * runs in a store of its own) and RequestOrganization over it. Imported by AuthModule, whose guard
 * sets the organization, and by TwilioModule, whose CurrentOrganizationTwilio reads it.
 */
@Module({
  imports: [ClsModule.forRoot({ middleware: { mount: true, generateId: false, saveReq: false } })],
  providers: [RequestOrganization],
  exports: [RequestOrganization],
})
export class RequestOrganizationModule {}
