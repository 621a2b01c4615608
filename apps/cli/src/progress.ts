/** Where a progress line is written: standard error, a terminal or not. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A progress line for a long command. On a terminal it is rewritten in place at every call; on a
 * pipe or a file (scripts, CI logs) a line is written at once and then at most every `everyMs`, so
 * logs stay short. `undefined` ends it: the terminal line is cleared, and the next progress starts afresh.
 */
export function progressLine(stream: ProgressStream, everyMs = 5_000, now: () => number = Date.now): (text: string | undefined) => void {
  let shown = false;
  let writtenAt = Number.NEGATIVE_INFINITY;
  return (text) => {
    if (stream.isTTY) {
      if (text !== undefined || shown) stream.write(`\r\x1b[K${text ?? ''}`);
      shown = text !== undefined;
      return;
    }
    if (text === undefined) {
      writtenAt = Number.NEGATIVE_INFINITY;
      return;
    }
    if (now() - writtenAt < everyMs) return;
    writtenAt = now();
    stream.write(`${text}\n`);
  };
}
