import { UnauthorizedError } from '@parley/contracts';

/**
 * The one line a failed command prints on standard error: `parley: <reason>`. Coded errors keep
 * the server's message (it names the field); a refused or ended session says how to sign in.
 */
export function failureLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof UnauthorizedError ? ' (sign in with "parley login --server URL --user NAME")' : '';
  return `parley: ${oneLine(message + hint)}`;
}

/** Commander's own errors (unknown option, missing argument), in the same one-line form. */
export function commanderErrorLine(text: string): string {
  return `parley: ${oneLine(text.replace(/^error:\s*/, ''))}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
