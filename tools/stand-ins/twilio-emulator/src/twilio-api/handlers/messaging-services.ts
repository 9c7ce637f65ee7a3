import type { MessagingServiceRecord } from '../../store/records';
import type { OperationHandler } from '../api-context';
import { slicePage, v1ListBody } from '../pagination';
import { iso8601 } from '../twilio-formats';
import { resourceNotFound } from '../twilio-error';

const BASE_URL = 'https://messaging.twilio.com/v1/Services';

const LINKS: Record<string, string> = {
  phone_numbers: 'PhoneNumbers',
  short_codes: 'ShortCodes',
  alpha_senders: 'AlphaSenders',
  messages: 'Messages',
  us_app_to_person: 'Compliance/Usa2p',
  us_app_to_person_usecases: 'Compliance/Usa2p/Usecases',
  channel_senders: 'ChannelSenders',
  destination_alpha_senders: 'DestinationAlphaSenders',
};

export function messagingServiceJson(service: MessagingServiceRecord): Record<string, unknown> {
  const url = `${BASE_URL}/${service.sid}`;
  return {
    account_sid: service.accountSid,
    area_code_geomatch: true,
    date_created: iso8601(service.dateCreated),
    date_updated: iso8601(service.dateUpdated),
    fallback_method: 'POST',
    fallback_to_long_code: true,
    fallback_url: null,
    friendly_name: service.friendlyName,
    inbound_method: service.inboundMethod,
    inbound_request_url: service.inboundRequestUrl,
    links: Object.fromEntries(Object.entries(LINKS).map(([name, path]) => [name, `${url}/${path}`])),
    mms_converter: true,
    scan_message_content: 'inherit',
    sid: service.sid,
    smart_encoding: true,
    status_callback: service.statusCallback,
    sticky_sender: true,
    synchronous_validation: true,
    url,
    us_app_to_person_registered: false,
    use_inbound_webhook_on_number: service.useInboundWebhookOnNumber,
    usecase: 'undeclared',
    validity_period: 14400,
  };
}

export const fetchMessagingService: OperationHandler = (request, { store }) => {
  const service = store.ownedBy(store.messagingServices, request.pathParams.Sid, request.account.sid);
  if (!service) throw resourceNotFound(request.path);
  return { status: 200, body: messagingServiceJson(service) };
};

export const listMessagingServices: OperationHandler = (request, { store }) => {
  const services = [...store.messagingServices.values()].filter((service) => service.accountSid === request.account.sid);
  const slice = slicePage(services, request.query, 1000);
  return { status: 200, body: v1ListBody('services', slice, slice.items.map(messagingServiceJson), BASE_URL, []) };
};
