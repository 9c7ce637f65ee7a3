import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { ApiErrorBodyDto } from './common/errors/api-error-body.dto';
import { AppConfig } from './config/app-config';

/** The OAuth 2 security scheme Swagger UI signs in with (see RequireRoles, which lists it). */
export const AUTH0_SECURITY_SCHEME = 'auth0';
export const SWAGGER_UI_PATH = 'api/docs';

/**
 * Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. Two ways to call the API:
 * a bearer token pasted by hand, or "Authorize" with the `auth0` scheme, which runs Auth0's
 * authorization-code flow with PKCE in the browser (swagger-ui's `initOAuth` with
 * `usePkceWithAuthorizationCodeGrant`; the console's single-page application, AUTH0_CLIENT_ID,
 * must list {PUBLIC_BASE_URL}/api/docs/oauth2-redirect.html among its callback URLs). In
 * production the token is never kept in localStorage (`persistAuthorization: false`).
 */
export function setUpSwagger(app: INestApplication): OpenAPIObject {
  const config = app.get(AppConfig);
  const { issuerUrl, audience, clientId } = config.auth0;
  const issuer = issuerUrl.replace(/\/?$/, '/');
  const document = makeDocumentExact(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Twilio configuration API')
      .setDescription(
        "Per-organization Twilio settings. Every /api/twilio-config route needs an Auth0 access token with the support role; the organization is the token's org claim. Errors are { statusCode, code, message }.",
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addOAuth2(
        {
          type: 'oauth2',
          description: `Sign in with Auth0 (authorization code + PKCE) for the audience ${audience}.`,
          flows: {
            authorizationCode: {
              authorizationUrl: `${issuer}authorize`,
              tokenUrl: `${issuer}oauth/token`,
              scopes: { openid: 'OpenID Connect sign-in', profile: 'Name', email: 'Email address' },
            },
          },
        },
        AUTH0_SECURITY_SCHEME,
      )
      .build(),
  ));
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: {
      persistAuthorization: config.nodeEnv !== 'production',
      oauth2RedirectUrl: `${config.publicBaseUrl}/${SWAGGER_UI_PATH}/oauth2-redirect.html`,
      initOAuth: {
        clientId: clientId ?? undefined,
        usePkceWithAuthorizationCodeGrant: true,
        scopes: ['openid', 'profile', 'email'],
        // Auth0 issues a JWT access token for the API only when asked for its audience.
        additionalQueryStringParams: { audience },
      },
    },
  });
  return document;
}

/**
 * What the decorators cannot say on their own, so the document says exactly what the API accepts
 * and answers (docs/architecture.md, "Documenting a route"):
 * - request bodies refuse unknown fields (`additionalProperties: false`), as the global
 *   ValidationPipe does (`forbidNonWhitelisted`);
 * - each error response built by `@ApiErrors` allows only its own status and the codes of its examples.
 */
export function makeDocumentExact(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const closed = new Set<string>();
  const close = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (!schema) return;
    if ('$ref' in schema) {
      const name = schema.$ref.split('/').pop() as string;
      if (closed.has(name) || !schemas[name]) return;
      closed.add(name);
      return close(schemas[name]);
    }
    if (schema.type === 'object' || schema.properties) {
      schema.additionalProperties ??= false;
      Object.values(schema.properties ?? {}).forEach(close);
    }
    if (schema.items) close(schema.items);
    [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].forEach(close);
  };

  const errorBodyRef = getSchemaPath(ApiErrorBodyDto);
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!operation) continue;
      const body = operation.requestBody;
      if (body && !('$ref' in body)) close(body.content['application/json']?.schema);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const content = response && 'content' in response ? response.content?.['application/json'] : undefined;
        const schema = content?.schema;
        if (!content?.examples || !schema || !('$ref' in schema) || schema.$ref !== errorBodyRef) continue;
        const codes = [...new Set(Object.values(content.examples).map((example) => ('value' in example ? (example.value as { code: string }).code : undefined)))];
        content.schema = {
          allOf: [schema, { type: 'object', properties: { statusCode: { type: 'integer', enum: [Number(status)] }, code: { type: 'string', enum: codes } } }],
        };
      }
    }
  }
  return document;
}
