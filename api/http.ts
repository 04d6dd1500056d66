// Request plumbing shared by every route module: bodies, ids and validation errors as 400s.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { idParam } from '../domain/schemas.js';

export function validationError(error: z.ZodError): HTTPException {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new HTTPException(400, { res: Response.json({ error: `invalid request: ${summary}`, issues }, { status: 400 }) });
}

export async function jsonBody(c: Context, optional = false): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '' && optional) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HTTPException(400, { res: Response.json({ error: 'request body is not valid JSON' }, { status: 400 }) });
  }
}

export function parseId(raw: string): number {
  const id = idParam.safeParse(raw);
  if (!id.success) throw new HTTPException(400, { res: Response.json({ error: `invalid id ${JSON.stringify(raw)}` }, { status: 400 }) });
  return id.data;
}

