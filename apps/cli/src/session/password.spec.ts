import { PassThrough } from 'node:stream';
import { readPassword, type PasswordInput } from './password.js';

/** An in-memory standard input; `tty` makes it behave like a terminal in raw mode. */
function input(tty: boolean): PassThrough & PasswordInput & { raw: boolean[] } {
  const stream = new PassThrough() as PassThrough & PasswordInput & { raw: boolean[] };
  stream.raw = [];
  if (tty) Object.assign(stream, { isTTY: true, setRawMode: (raw: boolean) => stream.raw.push(raw) });
  return stream;
}

describe('reading a password', () => {
  it('reads standard input to its end, dropping one trailing newline', async () => {
    for (const [text, expected] of [['s3cret\n', 's3cret'], ['s3cret\r\n', 's3cret'], ['two words \n\n', 'two words \n']]) {
      const stdin = input(false);
      stdin.end(text);
      expect(await readPassword({ stdin: true, prompt: '' }, stdin, new PassThrough())).toBe(expected);
    }
  });

  it('refuses an empty standard input', async () => {
    const stdin = input(false);
    stdin.end('\n');
    await expect(readPassword({ stdin: true, prompt: '' }, stdin, new PassThrough())).rejects.toThrow('--password-stdin: standard input held no password');
  });

  it('never prompts when standard input is not a terminal', async () => {
    await expect(readPassword({ stdin: false, prompt: 'Password: ' }, input(false), new PassThrough())).rejects.toThrow(
      'standard input is not a terminal: pass the password on it with --password-stdin',
    );
  });

  it('prompts on a terminal without echo, honouring backspace, and restores the terminal', async () => {
    const stdin = input(true);
    const stderr = new PassThrough();
    let shown = '';
    stderr.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const password = readPassword({ stdin: false, prompt: 'Password: ' }, stdin, stderr);
    stdin.write('pass');
    stdin.write('x\u007fword\r');
    expect(await password).toBe('password');
    expect(shown).toBe('Password: \n');
    expect(stdin.raw).toEqual([true, false]);
  });

  it('stops on Ctrl-C', async () => {
    const stdin = input(true);
    const password = readPassword({ stdin: false, prompt: '' }, stdin, new PassThrough());
    stdin.write('abc\u0003');
    await expect(password).rejects.toThrow('cancelled');
    expect(stdin.raw).toEqual([true, false]);
  });
});
