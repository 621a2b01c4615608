import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '@parley/load';

const dir = join(__dirname, '..', 'scenarios');

describe('the scenarios shipped in apps/loadtest/scenarios', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s is valid', (file) => {
    expect(parseScenario(readFileSync(join(dir, file), 'utf8'), file).name).toBe(file.replace(/\.yaml$/, ''));
  });
});
