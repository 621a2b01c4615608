/** Which of a list's items to put in the DOM, and the space that stands for the others. */
export interface MessageWindow {
  /** First item shown (index). */
  start: number;
  /** One past the last item shown. */
  end: number;
  /** Height of the items above the window, in px. */
  before: number;
  /** Height of the items below it. */
  after: number;
}

/**
 * The items that cover the viewport (`scrollTop`, `height`), with `overscan` px more on each side,
 * given each item's height (measured, or estimated until it has been shown). Everything else is
 * left out of the DOM, so a room of 10,000 messages holds only a screenful or two.
 */
export function messageWindow(heights: readonly number[], scrollTop: number, height: number, overscan: number): MessageWindow {
  const top = Math.max(0, scrollTop - overscan);
  const bottom = scrollTop + height + overscan;
  let offset = 0;
  let start = 0;
  while (start < heights.length && offset + heights[start]! <= top) offset += heights[start++]!;
  const before = offset;
  let end = start;
  while (end < heights.length && offset < bottom) offset += heights[end++]!;
  let after = 0;
  for (let i = end; i < heights.length; i++) after += heights[i]!;
  return { start, end, before, after };
}
