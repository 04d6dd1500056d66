// Request plumbing shared by every router: the validation hook, path parameters, error bodies.
import { OpenAPIHono, z, type Hook } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { idParam } from '../domain/schemas.js';
import { apiError, ErrorCode } from './errors.js';

/** Invalid fields as the 400 names them: `details.issues` lists `{field, message}`. */
export function invalidRequest(issues: { field: string; message: string }[]) {
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return apiError(ErrorCode.InvalidRequest, `invalid request: ${summary}`, { issues });
}

/** A zod failure as a 400 naming each field. */
export function validationErrorBody(error: z.ZodError) {
  return invalidRequest(error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })));
}

/** Every route's validation failure answers the same way. */
export const validationHook: Hook<unknown, Env, string, unknown> = (result, c) => {
  if (!result.success) return c.json(validationErrorBody(result.error as z.ZodError), 400);
};

/** `/{id}`: a movie id. */
export const movieIdParams = z.object({ id: idParam });
/** `/{id}`: a person's id. */
export const personIdParams = z.object({ id: idParam });

/** A JSON request body described and validated by `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});

/** A JSON response's content, described by `schema`. */
export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export const notFound = (what: string) => apiError(ErrorCode.NotFound, `${what} not found`);

/** A router whose routes validate through zod definitions and answer failures with `validationHook`. */
export const router = () => new OpenAPIHono({ defaultHook: validationHook });
