import type { Page } from '@parley/sdk';
import { wholeNumber } from '../args/values.js';

/** The options of a paged list command. */
export interface PagingOptions {
  limit?: string;
  all?: boolean;
}

/** Page size: --limit, else 50 for one page, or the largest page (500) when reading them all. */
export function pageSize(options: PagingOptions): number {
  return options.limit === undefined ? (options.all ? 500 : 50) : wholeNumber(options.limit, '--limit');
}

/** One page, or with --all every item (as one page with no `next`). */
export async function pageOrAll<T>(options: PagingOptions, page: () => Promise<Page<T>>, every: () => AsyncIterable<T>): Promise<Page<T>> {
  if (!options.all) return page();
  const items: T[] = [];
  for await (const item of every()) items.push(item);
  return { items, next: null };
}
