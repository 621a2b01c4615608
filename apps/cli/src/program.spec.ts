import { buildProgram } from './program.js';

function run(args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  let code = 0;
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  try {
    program.parse(['node', 'parley', ...args]);
  } catch (e) {
    code = (e as { exitCode?: number }).exitCode ?? 1;
  }
  return { out, err, code };
}

describe('parley', () => {
  it('prints help with examples', () => {
    const { out, code } = run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: parley [options] [command]');
    expect(out).toContain('status');
    expect(out).toContain('Examples:');
  });

  it('prints its version', () => {
    expect(run(['--version']).out.trim()).toBe('0.1.0');
  });

  it('refuses an unknown command with a one-line reason and a non-zero exit', () => {
    const { err, code } = run(['frobnicate']);
    expect(code).not.toBe(0);
    expect(err).toContain("unknown command 'frobnicate'");
  });
});
