/** Standard input as password reading needs it (a TTY can be switched to raw mode). */
export type PasswordInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export interface PasswordRequest {
  /** --password-stdin: read it from standard input, to its end. */
  stdin: boolean;
  /** What to ask on a terminal. */
  prompt: string;
}

/**
 * A password from standard input (`--password-stdin`, one trailing newline dropped) or typed at
 * the terminal without echo. Never prompts when standard input is not a terminal: a script would
 * hang on a question no one sees.
 */
export async function readPassword(request: PasswordRequest, input: PasswordInput = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  if (request.stdin) return fromStream(input);
  if (!input.isTTY || !input.setRawMode) throw new Error('standard input is not a terminal: pass the password on it with --password-stdin');
  return promptHidden(request.prompt, input, output);
}

async function fromStream(input: PasswordInput): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) text += String(chunk);
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new Error('--password-stdin: standard input held no password');
  return password;
}

function promptHidden(prompt: string, input: PasswordInput, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed.join(''));
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && typed.length === 0)) return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed.push(ch);
      }
    };
    output.write(prompt);
    input.setEncoding('utf8');
    input.setRawMode!(true);
    input.on('data', onData);
    input.resume();
  });
}
