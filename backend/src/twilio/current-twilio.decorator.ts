import { createParamDecorator, Injectable, type PipeTransform } from '@nestjs/common';
import { CurrentOrganizationTwilio } from './current-organization-twilio';
import type { TwilioOrgClient } from './twilio-client.factory';

/** Resolves the parameter to the caller's organization's `{ client, settings }` (its module imports TwilioModule). */
@Injectable()
export class CurrentTwilioPipe implements PipeTransform<unknown, Promise<TwilioOrgClient>> {
  constructor(private readonly twilio: CurrentOrganizationTwilio) {}

  transform(): Promise<TwilioOrgClient> {
    return this.twilio.get();
  }
}

// The value comes from the pipe, which reads the organization the guard took from the verified token.
const currentTwilioParameter = createParamDecorator(() => undefined);

/**
 * A handler parameter holding the caller's organization's `{ client, settings }`:
 * `send(@CurrentTwilio() twilio: TwilioOrgClient)`. The organization is the verified access
 * token's, never a request parameter; 409 NOT_CONFIGURED / DISABLED as the factory answers.
 */
export const CurrentTwilio = (): ParameterDecorator => currentTwilioParameter(undefined, CurrentTwilioPipe);
