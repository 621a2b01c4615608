import { messageWindow } from './message-window.js';

describe('the window of messages in the DOM', () => {
  const tenThousand = Array.from({ length: 10_000 }, () => 50);

  it('holds the items that cover the viewport and the overscan, no more', () => {
    expect(messageWindow(tenThousand, 100_000, 800, 400)).toEqual({ start: 1992, end: 2024, before: 99_600, after: (10_000 - 2024) * 50 });
  });

  it('starts at the top and ends at the bottom', () => {
    expect(messageWindow(tenThousand, 0, 800, 400)).toEqual({ start: 0, end: 24, before: 0, after: (10_000 - 24) * 50 });
    const last = messageWindow(tenThousand, 10_000 * 50 - 800, 800, 400);
    expect(last).toMatchObject({ end: 10_000, after: 0 });
    expect(last.before + (last.end - last.start) * 50).toBe(500_000);
  });

  it('uses each item’s own height', () => {
    expect(messageWindow([100, 20, 20, 300, 20], 130, 50, 0)).toEqual({ start: 2, end: 4, before: 120, after: 20 });
  });

  it('is empty for no items', () => {
    expect(messageWindow([], 0, 800, 400)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
