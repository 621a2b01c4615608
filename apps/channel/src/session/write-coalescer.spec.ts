import { WriteCoalescer, type Corkable } from './write-coalescer';

const turn = () => new Promise((resolve) => setImmediate(resolve));

function socket(): Corkable & { calls: string[] } {
  const calls: string[] = [];
  return { calls, cork: () => calls.push('cork'), uncork: () => calls.push('uncork') };
}

describe('WriteCoalescer', () => {
  it('corks a socket at its first write of a turn and uncorks it once the turn is over', async () => {
    const writes = new WriteCoalescer();
    const a = socket();
    writes.hold(a);
    writes.hold(a);
    writes.hold(a);
    expect(a.calls).toEqual(['cork']);
    await turn();
    expect(a.calls).toEqual(['cork', 'uncork']);
  });

  it('holds every socket written to in the turn, and starts over in the next', async () => {
    const writes = new WriteCoalescer();
    const a = socket();
    const b = socket();
    writes.hold(a);
    writes.hold(b);
    await turn();
    expect([a.calls, b.calls]).toEqual([
      ['cork', 'uncork'],
      ['cork', 'uncork'],
    ]);
    writes.hold(b);
    expect(b.calls).toEqual(['cork', 'uncork', 'cork']);
    await turn();
    expect(a.calls).toEqual(['cork', 'uncork']);
    expect(b.calls).toEqual(['cork', 'uncork', 'cork', 'uncork']);
  });
});
