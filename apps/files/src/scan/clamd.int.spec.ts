import { UnavailableError, ValidationError } from '@parley/contracts';
import { ClamdScanner } from './clamd.js';
import { EICAR, FakeClamd } from './fake-clamd.fixture.js';

const scan = async (scanner: ClamdScanner, ...chunks: string[]) => {
  const session = await scanner.start();
  for (const chunk of chunks) await session.write(Buffer.from(chunk, 'latin1'));
  await session.finish();
};

describe('scanning uploads with clamd (INSTREAM)', () => {
  let clamd: FakeClamd;
  beforeAll(async () => (clamd = await FakeClamd.start()));
  afterAll(() => clamd.stop());
  afterEach(() => (clamd.reply = undefined));

  it('passes clean files, and refuses infected ones naming what was found', async () => {
    const scanner = ClamdScanner.fromUrl(clamd.url);
    await expect(scan(scanner, 'hello ', 'world')).resolves.toBeUndefined();
    const infected = scan(scanner, 'prefix ', EICAR.slice(0, 20), EICAR.slice(20));
    await expect(infected).rejects.toBeInstanceOf(ValidationError);
    await expect(infected).rejects.toThrow('file: the virus scanner found Win.Test.EICAR_HDB-1');
  });

  it('fails closed when the scanner errs or cannot be reached', async () => {
    clamd.reply = 'INSTREAM size limit exceeded. ERROR';
    await expect(scan(ClamdScanner.fromUrl(clamd.url), 'data')).rejects.toThrow(new UnavailableError(`the virus scanner (clamd at ${clamd.url.slice(6)}) answered "INSTREAM size limit exceeded. ERROR"`));
    await expect(scan(ClamdScanner.fromUrl('tcp://127.0.0.1:1'), 'data')).rejects.toThrow(/the virus scanner \(clamd at 127.0.0.1:1\) does not answer/);
  });

  it('refuses a malformed setting at start-up', () => {
    expect(() => ClamdScanner.fromUrl('clamd.local')).toThrow(/PARLEY_CLAMD_URL: must be tcp:\/\/host:port or unix:<socket path>/);
  });
});
