import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, UnauthorizedError, ValidationError } from '@parley/contracts';
import { runCli } from './cli.fixture.js';
import { failureLine } from './errors.js';

describe('parley', () => {
  it('prints help with examples', async () => {
    const { out, code } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: parley [options] [command]');
    for (const command of ['status', 'login', 'logout', 'whoami', 'user', 'group', 'directory', 'category', 'room', 'post', 'tail', 'invites', 'follow', 'unfollow', 'unread', 'feed', 'policy', 'config', 'addin', 'role', 'server', 'load']) expect(out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(out).toContain('Examples:');
  });

  it('shows examples in the help of every command', async () => {
    for (const args of [['login'], ['user', 'create'], ['category', 'set'], ['policy', 'set'], ['config', 'set'], ['addin', 'add'], ['role', 'grant'], ['server', 'drain'], ['directory', 'sync'], ['room', 'create'], ['room', 'set'], ['post'], ['tail'], ['invites', 'accept'], ['follow'], ['unfollow'], ['unread'], ['feed', 'add'], ['feed', 'tail']]) {
      const { out, code } = await runCli([...args, '--help']);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`Examples:\\n[\\s\\S]*parley ${args.join(' ')}`));
    }
  });

  it('load-tests with `parley load`, refusing a bad scenario file by line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-load-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, 'name: bad\nusers: 2\nrooms:\n  - count: 1\n    members: 2\nposts:\n  perSecond: 0\ndurationSeconds: 5\nspin: 3\n');
      const { err } = await runCli(['load', 'run', file, '--url', 'http://127.0.0.1:1']);
      expect(process.exitCode).toBe(2);
      expect(err).toBe(`parley load: the scenario cannot be run:\n${file}:7: posts.perSecond: Too small: expected number to be >0\n${file}:9: spin: unknown field\n`);
      const help = await runCli(['load', '--help']);
      expect(help.out).toContain('parley load merge <report.json> <report.json>...');
    } finally {
      process.exitCode = 0;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints its version', async () => {
    expect((await runCli(['--version'])).out.trim()).toBe('0.1.0');
  });

  it('refuses an unknown command or option with one line and a non-zero exit', async () => {
    for (const [args, reason] of [
      [['frobnicate'], "parley: unknown command 'frobnicate'\n"],
      [['user', 'list', '--colour'], "parley: unknown option '--colour'\n"],
      [['user', 'show'], "parley: missing required argument 'user'\n"],
    ] as const) {
      const { code, err } = await runCli(args);
      expect(code).toBe(1);
      expect(err).toBe(reason);
    }
  });

  it('says failures in one line, keeping the server’s message and hinting at sign-in when the session is gone', () => {
    expect(failureLine(new ValidationError('invalid category', [{ path: 'name', message: 'Too big' }]))).toBe('parley: invalid category: name: Too big');
    expect(failureLine(new NotFoundError('--parent: no category "Ops"'))).toBe('parley: --parent: no category "Ops"');
    expect(failureLine(new UnauthorizedError('refresh token has expired'))).toBe('parley: refresh token has expired (sign in with "parley login --server URL --user NAME")');
    expect(failureLine(new Error('first\n  second'))).toBe('parley: first second');
  });
});
