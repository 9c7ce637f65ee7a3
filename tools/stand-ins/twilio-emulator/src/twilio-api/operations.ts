/**
 * Every Twilio operation the emulator serves, as data: which spec file and path template it
 * comes from, and which parameters it reads. The fidelity tests check each entry against the
 * spec's `paths`; the router serves nothing else (anything else answers 404 / 20404).
 */
import { PAGING_PARAMS } from './pagination';

export type SpecFile = 'twilio_api_v2010.json' | 'twilio_messaging_v1.json' | 'twilio_conversations_v1.json' | 'twilio_accounts_v1.json';

/** The `https://{subdomain}.twilio.com` host each spec's `servers` names. */
export const SUBDOMAIN_OF_SPEC: Record<SpecFile, string> = {
  'twilio_api_v2010.json': 'api',
  'twilio_messaging_v1.json': 'messaging',
  'twilio_conversations_v1.json': 'conversations',
  'twilio_accounts_v1.json': 'accounts',
};

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface OperationDescriptor {
  /** Unique across spec files (operationIds repeat: messaging and conversations both have FetchService). */
  key: string;
  operationId: string;
  specFile: SpecFile;
  method: HttpMethod;
  specPath: string;
  successStatus: 200 | 201 | 204;
  queryParams: readonly string[];
  formParams: readonly string[];
  headerParams: readonly string[];
  /** For 2010-04-01 paths: the path parameter naming the account, which must be the authenticated one. */
  accountPathParam?: 'AccountSid' | 'Sid';
}

const WEBHOOK_ENABLED = ['X-Twilio-Webhook-Enabled'] as const;
const API = 'twilio_api_v2010.json';
const MESSAGING = 'twilio_messaging_v1.json';
const CONVERSATIONS = 'twilio_conversations_v1.json';
const ACCOUNTS = 'twilio_accounts_v1.json';
const SERVICE_CONVERSATIONS = '/v1/Services/{ChatServiceSid}/Conversations';
const SERVICE_CONVERSATION = `${SERVICE_CONVERSATIONS}/{ConversationSid}`;

function operation(
  specFile: SpecFile,
  operationId: string,
  method: HttpMethod,
  specPath: string,
  successStatus: OperationDescriptor['successStatus'],
  params: Partial<Pick<OperationDescriptor, 'queryParams' | 'formParams' | 'headerParams' | 'accountPathParam'>> = {},
): OperationDescriptor {
  return {
    key: `${SUBDOMAIN_OF_SPEC[specFile]}:${operationId}`,
    operationId,
    specFile,
    method,
    specPath,
    successStatus,
    queryParams: params.queryParams ?? [],
    formParams: params.formParams ?? [],
    headerParams: params.headerParams ?? [],
    accountPathParam: params.accountPathParam,
  };
}

export const SERVED_OPERATIONS: readonly OperationDescriptor[] = [
  operation(API, 'FetchAccount', 'GET', '/2010-04-01/Accounts/{Sid}.json', 200, { accountPathParam: 'Sid' }),
  operation(API, 'CreateMessage', 'POST', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 201, {
    accountPathParam: 'AccountSid',
    formParams: ['To', 'From', 'MessagingServiceSid', 'Body', 'StatusCallback'],
  }),
  operation(API, 'ListMessage', 'GET', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 200, {
    accountPathParam: 'AccountSid',
    queryParams: ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>', ...PAGING_PARAMS],
  }),
  operation(API, 'FetchMessage', 'GET', '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', 200, {
    accountPathParam: 'AccountSid',
  }),
  operation(API, 'ListIncomingPhoneNumber', 'GET', '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json', 200, {
    accountPathParam: 'AccountSid',
    queryParams: ['PhoneNumber', 'FriendlyName', ...PAGING_PARAMS],
  }),

  operation(ACCOUNTS, 'CreateSecondaryAuthToken', 'POST', '/v1/AuthTokens/Secondary', 201),
  operation(ACCOUNTS, 'DeleteSecondaryAuthToken', 'DELETE', '/v1/AuthTokens/Secondary', 204),
  operation(ACCOUNTS, 'UpdateAuthTokenPromotion', 'POST', '/v1/AuthTokens/Promote', 200),

  operation(MESSAGING, 'FetchService', 'GET', '/v1/Services/{Sid}', 200),
  operation(MESSAGING, 'ListService', 'GET', '/v1/Services', 200, { queryParams: PAGING_PARAMS }),

  operation(CONVERSATIONS, 'FetchService', 'GET', '/v1/Services/{Sid}', 200),
  operation(CONVERSATIONS, 'FetchServiceWebhookConfiguration', 'GET', '/v1/Services/{ChatServiceSid}/Configuration/Webhooks', 200),
  operation(CONVERSATIONS, 'UpdateServiceWebhookConfiguration', 'POST', '/v1/Services/{ChatServiceSid}/Configuration/Webhooks', 200, {
    formParams: ['PreWebhookUrl', 'PostWebhookUrl', 'Filters', 'Method'],
  }),
  operation(CONVERSATIONS, 'CreateServiceConversation', 'POST', SERVICE_CONVERSATIONS, 201, {
    formParams: ['FriendlyName', 'UniqueName', 'Attributes', 'MessagingServiceSid', 'State'],
    headerParams: WEBHOOK_ENABLED,
  }),
  operation(CONVERSATIONS, 'ListServiceConversation', 'GET', SERVICE_CONVERSATIONS, 200, {
    queryParams: ['State', ...PAGING_PARAMS],
  }),
  operation(CONVERSATIONS, 'FetchServiceConversation', 'GET', `${SERVICE_CONVERSATIONS}/{Sid}`, 200),
  operation(CONVERSATIONS, 'DeleteServiceConversation', 'DELETE', `${SERVICE_CONVERSATIONS}/{Sid}`, 204, {
    headerParams: WEBHOOK_ENABLED,
  }),
  operation(CONVERSATIONS, 'CreateServiceConversationParticipant', 'POST', `${SERVICE_CONVERSATION}/Participants`, 201, {
    formParams: ['Identity', 'MessagingBinding.Address', 'MessagingBinding.ProxyAddress', 'Attributes'],
    headerParams: WEBHOOK_ENABLED,
  }),
  operation(CONVERSATIONS, 'ListServiceConversationParticipant', 'GET', `${SERVICE_CONVERSATION}/Participants`, 200, {
    queryParams: PAGING_PARAMS,
  }),
  operation(CONVERSATIONS, 'DeleteServiceConversationParticipant', 'DELETE', `${SERVICE_CONVERSATION}/Participants/{Sid}`, 204, {
    headerParams: WEBHOOK_ENABLED,
  }),
  operation(CONVERSATIONS, 'CreateServiceConversationMessage', 'POST', `${SERVICE_CONVERSATION}/Messages`, 201, {
    formParams: ['Author', 'Body', 'Attributes'],
    headerParams: WEBHOOK_ENABLED,
  }),
  operation(CONVERSATIONS, 'ListServiceConversationMessage', 'GET', `${SERVICE_CONVERSATION}/Messages`, 200, {
    queryParams: ['Order', ...PAGING_PARAMS],
  }),
  operation(CONVERSATIONS, 'DeleteServiceConversationMessage', 'DELETE', `${SERVICE_CONVERSATION}/Messages/{Sid}`, 204, {
    headerParams: WEBHOOK_ENABLED,
  }),
];
