/** Longest summary taken from a story's body; the full body travels with it. */
const SUMMARY_MAX = 280;

/**
 * The text of a story post: its summary, which clients show in the conversation. The first line
 * of the body that has words, cut short; the title when the body has none.
 */
export function storySummary(title: string, body: string): string {
  const first = body.split('\n').find((line) => line.trim() !== '')?.trim() ?? title.trim();
  return first.length > SUMMARY_MAX ? `${first.slice(0, SUMMARY_MAX - 1)}…` : first;
}

/** A message read from standard input: one trailing newline dropped, as shells add it. */
export function messageFromStdin(text: string): string {
  const message = text.replace(/\r?\n$/, '');
  if (!message) throw new Error('TEXT is "-" but standard input held no text');
  return message;
}
