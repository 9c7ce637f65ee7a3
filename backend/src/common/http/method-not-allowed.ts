import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError } from '../errors/api-error';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'trace'] as const;

/**
 * 405 with `Allow` (RFC 9110 §15.5.6) for a method the OpenAPI document does not list on a path it
 * does list; Express alone would answer 404, as if the path did not exist. The document is the
 * route table, so what the API allows is what it documents. OPTIONS is left to CORS and routing.
 */
export function methodNotAllowed(document: OpenAPIObject): RequestHandler {
  const routes = Object.entries(document.paths).map(([path, item]) => {
    const methods = OPERATION_METHODS.filter((method) => item[method] !== undefined).map((method) => method.toUpperCase());
    // Express answers HEAD wherever it answers GET.
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return { pattern: pathPattern(path), methods };
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'OPTIONS') return next();
    const route = routes.find(({ pattern }) => pattern.test(request.path));
    if (!route || route.methods.includes(request.method)) return next();
    const allow = route.methods.join(', ');
    const error = new ApiError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; this path answers ${allow}.`);
    response.setHeader('Allow', allow);
    response.status(error.statusCode).json(error.toBody());
  };
}

/** `/api/conversations/{conversationSid}/assignee` → a RegExp matching it as Express routes it (any case, optional trailing slash). */
function pathPattern(path: string): RegExp {
  const segments = path.split('/').map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}/?$`, 'i');
}
