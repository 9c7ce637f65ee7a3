import { SERVED_OPERATIONS, SUBDOMAIN_OF_SPEC, type OperationDescriptor } from './operations';

export interface RouteMatch {
  operation: OperationDescriptor;
  pathParams: Record<string, string>;
}

interface CompiledRoute {
  operation: OperationDescriptor;
  subdomain: string;
  pattern: RegExp;
}

/** `/v1/Services/{Sid}` → /^\/v1\/Services\/(?<Sid>[^/]+)$/ */
function compile(specPath: string): RegExp {
  const source = specPath
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => (/^\{[A-Za-z]+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Finds the served operation for `/{subdomain}{specPath}`; null means 404 / 20404. */
export class TwilioRouter {
  private readonly routes: CompiledRoute[] = SERVED_OPERATIONS.map((operation) => ({
    operation,
    subdomain: SUBDOMAIN_OF_SPEC[operation.specFile],
    pattern: compile(operation.specPath),
  }));

  match(method: string, subdomain: string, specPath: string): RouteMatch | null {
    for (const route of this.routes) {
      if (route.subdomain !== subdomain || route.operation.method !== method) continue;
      const match = route.pattern.exec(specPath);
      if (!match) continue;
      const pathParams = decodePathParams(match.groups ?? {});
      return pathParams ? { operation: route.operation, pathParams } : null;
    }
    return null;
  }
}

function decodePathParams(groups: Record<string, string>): Record<string, string> | null {
  const decoded: Record<string, string> = {};
  try {
    for (const [name, value] of Object.entries(groups)) decoded[name] = decodeURIComponent(value);
  } catch {
    return null; // a malformed escape names no resource
  }
  return decoded;
}
