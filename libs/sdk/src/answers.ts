import { fieldIssues, InternalError } from '@parley/contracts';
import type { z } from 'zod';
import type { Page } from './types.js';

/**
 * Checks an answer against its contract schema, so the types the client hands out are what the
 * server actually sent; a mismatch (a server of another version) is an InternalError naming the
 * fields, not a crash somewhere downstream.
 */
export function answer<S extends z.ZodType>(schema: S, what: string): (value: unknown) => z.output<S> {
  return (value) => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issues = fieldIssues(result.error).map((i) => `${i.path || '(root)'}: ${i.message}`);
    throw new InternalError(`unexpected answer to ${what}: ${issues.join('; ')}`);
  };
}

/** Every item of a paged list, fetching pages as the caller iterates. */
export async function* allPages<T>(page: (after: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
  let after: string | undefined;
  do {
    const current = await page(after);
    yield* current.items;
    after = current.next ?? undefined;
  } while (after !== undefined);
}

/** A path segment for an id a caller gave (ids are restricted, but a caller's typo must not change the route). */
export function segment(id: string): string {
  return encodeURIComponent(id);
}
