import { parseScenario, ScenarioError } from './scenario.js';

const good = `# a small chat
name: smoke
users: 6
rooms:
  - count: 2
    members: 3
posts:
  perSecond: 5
durationSeconds: 10
`;

const issuesOf = (text: string) => {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return { issues: error.issues, message: error.message };
    throw error;
  }
  throw new Error('the scenario was accepted');
};

describe('scenario files', () => {
  it('reads a scenario, with defaults for what it leaves out', () => {
    expect(parseScenario(good, 'good.yaml')).toEqual({
      name: 'smoke',
      users: 6,
      rooms: [{ count: 2, members: 3 }],
      posts: { perSecond: 5, textBytes: 100 },
      rampUpSeconds: 0,
      durationSeconds: 10,
      drainSeconds: 5,
    });
  });

  it('names the line and the field of each mistake', () => {
    const bad = good.replace('members: 3', 'members: 30').replace('perSecond: 5', 'perSecond: -1\n  burst: 4');
    const { issues, message } = issuesOf(bad);
    expect(issues).toEqual([
      { line: 6, field: 'rooms[0].members', message: 'must be at most users (6)' },
      { line: 8, field: 'posts.perSecond', message: expect.stringMatching(/>0|positive|greater/i) },
      { line: 9, field: 'posts.burst', message: 'unknown field' },
    ]);
    expect(message.split('\n')[0]).toBe('bad.yaml:6: rooms[0].members: must be at most users (6)');
  });

  it('names a missing field at the mapping it belongs in, and a wrong type at its value', () => {
    const { issues } = issuesOf(good.replace('durationSeconds: 10\n', '').replace('users: 6', 'users: many'));
    expect(issues).toEqual([
      { line: 2, field: 'durationSeconds', message: expect.any(String) }, // the mapping starts on line 2, after the comment
      { line: 3, field: 'users', message: expect.any(String) },
    ]);
  });

  it('names the line of a YAML syntax error', () => {
    const { issues } = issuesOf('name: x\nusers: [1, 2\nrooms: []\n');
    expect(issues[0]!.line).toBeGreaterThanOrEqual(2);
    expect(issues[0]!.field).toBe('');
  });
});
