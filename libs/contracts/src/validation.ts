import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

/** Converts zod issues into field issues with dotted paths (`data.text`, `members.2`). */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path, message: issue.message };
  });
}

/** Parses `input` with `schema`, or throws a ValidationError that names every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(what, fieldIssues(result.error, prefix));
  return result.data;
}
