import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const cli = join(__dirname, '..', 'dist', 'main.js');

describe('the built parley command', () => {
  it('prints help and exits 0', () => {
    const result = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: parley');
  });

  it('exits non-zero with a one-line reason on a bad option value', () => {
    const result = spawnSync(process.execPath, [cli, 'status', '--port-base', 'x'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('parley: --port-base must be a port number, got "x"');
  });
});
