import { Injectable } from '@nestjs/common';
import { RequestOrganization } from '../auth/request-organization';
import { TwilioClientFactory, type TwilioOrgClient, type TwilioOrgSettings } from './twilio-client.factory';

/** One organization's Twilio: its ready client and settings, from the factory's per-organization cache. */
export interface OrganizationTwilio {
  readonly orgId: string;
  /** `{ client, settings }`; 409 NOT_CONFIGURED / DISABLED when the organization's settings do not allow Twilio. */
  get(): Promise<TwilioOrgClient>;
  getSettings(): Promise<TwilioOrgSettings>;
}

/**
 * The caller's organization's Twilio, for any provider serving a request, however deep below the
 * handler: `get()` answers `{ client, settings }` of the organization of the verified access token,
 * without an org id passed around. A singleton: the organization is read per call from the
 * request's async-local store (RequestOrganization), so injecting this makes no consumer
 * request-scoped (docs/architecture.md, "The caller's organization").
 *
 * Outside a request (commands, scheduled jobs, queue workers) and on public routes, name the
 * organization: `forOrganization(orgId).get()`. The request-bound members throw
 * NoRequestOrganizationError there.
 */
@Injectable()
export class CurrentOrganizationTwilio implements OrganizationTwilio {
  constructor(
    private readonly factory: TwilioClientFactory,
    private readonly organization: RequestOrganization,
  ) {}

  /** The caller's organization id (from the verified token). */
  get orgId(): string {
    return this.organization.require();
  }

  // async: a call outside a request rejects like any other failure of get(), it does not throw.
  async get(): Promise<TwilioOrgClient> {
    return this.factory.getClient(this.orgId);
  }

  async getSettings(): Promise<TwilioOrgSettings> {
    return this.factory.getSettings(this.orgId);
  }

  /** The same API for an organization named explicitly: works anywhere, in a request or not. */
  forOrganization(orgId: string): OrganizationTwilio {
    return new NamedOrganizationTwilio(this.factory, orgId);
  }
}

class NamedOrganizationTwilio implements OrganizationTwilio {
  constructor(
    private readonly factory: TwilioClientFactory,
    readonly orgId: string,
  ) {}

  get(): Promise<TwilioOrgClient> {
    return this.factory.getClient(this.orgId);
  }

  getSettings(): Promise<TwilioOrgSettings> {
    return this.factory.getSettings(this.orgId);
  }
}
