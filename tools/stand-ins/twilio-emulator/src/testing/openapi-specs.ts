/**
 * Twilio's OpenAPI documents (copied into tools/stand-ins/twilio-emulator/specs, MIT), read at test time,
 * and the conversion of their OpenAPI 3.0 schemas to JSON Schema for ajv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationDescriptor, SpecFile } from '../twilio-api/operations';

export const SPECS_DIR = join(__dirname, '..', '..', 'specs');

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: unknown;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

const cache = new Map<SpecFile, OpenApiDocument>();

export function loadSpec(file: SpecFile): OpenApiDocument {
  let spec = cache.get(file);
  if (!spec) {
    spec = JSON.parse(readFileSync(join(SPECS_DIR, file), 'utf8')) as OpenApiDocument;
    cache.set(file, spec);
  }
  return spec;
}

/** The spec's own operation for a served one, or undefined when the spec has no such path+method. */
export function specOperationOf(operation: OperationDescriptor): OpenApiOperation | undefined {
  return loadSpec(operation.specFile).paths[operation.specPath]?.[operation.method.toLowerCase()];
}

export function responseSchemaOf(operation: OperationDescriptor, status: number): unknown | undefined {
  return specOperationOf(operation)?.responses[String(status)]?.content?.['application/json']?.schema;
}

export interface ConversionOptions {
  /**
   * Also require every property the spec declares and refuse undeclared ones. Twilio's schemas
   * allow both (no `required`, no `additionalProperties: false`); strict mode checks that the
   * emulator answers with exactly the fields the real API has.
   */
  strict: boolean;
}

const DROPPED_KEYWORDS = new Set(['nullable', 'description', 'example', 'examples', 'externalDocs', 'xml', 'readOnly', 'writeOnly', 'deprecated']);

/**
 * OpenAPI 3.0 → JSON Schema: inlines `#/components/schemas` refs, turns `nullable: true` into a
 * `null` type (and a `null` enum member), drops `x-*` vendor keys and documentation keywords.
 */
export function toJsonSchema(node: unknown, spec: OpenApiDocument, options: ConversionOptions, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, spec, options, seen));
  if (!node || typeof node !== 'object') return node;
  const schema = node as Record<string, unknown>;

  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) throw new Error(`recursive schema ${name} is not supported`);
    const target = spec.components.schemas[name];
    if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
    const { $ref: _ref, ...siblings } = schema;
    return toJsonSchema({ ...(target as object), ...siblings }, spec, options, [...seen, name]);
  }

  const converted: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (DROPPED_KEYWORDS.has(keyword) || keyword.startsWith('x-')) continue;
    if (keyword === 'properties') {
      converted.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [
          name,
          toJsonSchema(property, spec, options, seen),
        ]),
      );
    } else if (keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') {
      converted[keyword] = typeof value === 'object' ? toJsonSchema(value, spec, options, seen) : value;
    } else if (keyword === 'allOf' || keyword === 'anyOf' || keyword === 'oneOf') {
      converted[keyword] = (value as unknown[]).map((item) => toJsonSchema(item, spec, options, seen));
    } else {
      converted[keyword] = value;
    }
  }

  if (schema.nullable === true) {
    if (typeof converted.type === 'string') converted.type = [converted.type, 'null'];
    if (Array.isArray(converted.enum) && !converted.enum.includes(null)) converted.enum = [...converted.enum, null];
  }
  if (options.strict && converted.properties && typeof converted.properties === 'object') {
    converted.required = Object.keys(converted.properties);
    converted.additionalProperties = false;
  }
  return converted;
}

/** Every `format` a (converted) schema uses, so a test can insist each one is really checked. */
export function formatsUsedBy(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => formatsUsedBy(item, found));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'format' && typeof value === 'string') found.add(value);
      else formatsUsedBy(value, found);
    }
  }
  return found;
}
