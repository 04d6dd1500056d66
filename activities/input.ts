import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';
import { FailureType } from '../domain/failures.js';

/** The activity's input as `schema` reads it; anything else fails at once, without retries. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
    .join('; ');
  throw ApplicationFailure.nonRetryable(`invalid activity input: ${issues}`, FailureType.InvalidActivityInput);
}
