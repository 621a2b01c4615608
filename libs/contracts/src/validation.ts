import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

/**
 * Converts zod issues into field issues with dotted paths (`data.text`, `members.2`). An unknown
 * field is reported under its own name (`data.colour: unknown field`), not as its parent's problem.
 */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/** Parses `input` with `schema`, or throws a ValidationError that names every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(what, fieldIssues(result.error, prefix));
  return result.data;
}
