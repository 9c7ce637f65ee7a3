import type { IncomingPhoneNumberRecord } from '../../store/records';
import type { OperationHandler } from '../api-context';
import { slicePage, v2010ListBody } from '../pagination';
import { rfc2822 } from '../twilio-formats';

export function incomingPhoneNumberJson(number: IncomingPhoneNumberRecord): Record<string, unknown> {
  return {
    account_sid: number.accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: rfc2822(number.dateCreated),
    date_updated: rfc2822(number.dateUpdated),
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    friendly_name: number.friendlyName,
    identity_sid: null,
    origin: 'twilio',
    phone_number: number.phoneNumber,
    sid: number.sid,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: number.smsMethod,
    sms_url: number.smsUrl,
    status_callback: null,
    status_callback_method: 'POST',
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/${number.accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_receive_mode: 'voice',
    voice_url: null,
    bundle_sid: null,
    status: 'in-use',
    type: 'local',
  };
}

/**
 * Twilio's `PhoneNumber` filter matches partial numbers, with `*` for any one digit.
 * Other characters are dropped: a `+` sent unencoded arrives as a space, and the digits still match.
 */
function phoneNumberMatcher(pattern: string): RegExp {
  const cleaned = pattern.replace(/[^\d*+]/g, '');
  const source = cleaned.replace(/\+/g, '\\+').replace(/\*/g, '\\d');
  return new RegExp(source);
}

export const listIncomingPhoneNumbers: OperationHandler = (request, { store }) => {
  const phoneNumber = request.query.get('PhoneNumber');
  const friendlyName = request.query.get('FriendlyName');
  const matcher = phoneNumber === undefined ? null : phoneNumberMatcher(phoneNumber);
  const numbers = store
    .phoneNumbersOf(request.account.sid)
    .filter((number) => !matcher || matcher.test(number.phoneNumber))
    .filter((number) => friendlyName === undefined || number.friendlyName === friendlyName);

  const slice = slicePage(numbers, request.query, 1000);
  const filters: [string, string][] = [];
  if (friendlyName !== undefined) filters.push(['FriendlyName', friendlyName]);
  if (phoneNumber !== undefined) filters.push(['PhoneNumber', phoneNumber]);
  return {
    status: 200,
    body: v2010ListBody(
      'incoming_phone_numbers',
      slice,
      slice.items.map(incomingPhoneNumberJson),
      `/2010-04-01/Accounts/${request.account.sid}/IncomingPhoneNumbers.json`,
      filters,
    ),
  };
};
