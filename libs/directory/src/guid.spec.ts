import { ValidationError } from '@parley/contracts';
import { guidFromBytes } from './guid.js';

describe('guidFromBytes', () => {
  it('reads the first three fields little-endian, as Windows shows GUIDs', () => {
    const bytes = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    expect(guidFromBytes(bytes)).toBe('03020100-0504-0706-0809-0a0b0c0d0e0f');
  });

  it('matches a GUID written by .NET (Guid.ToByteArray)', () => {
    // new Guid("6f1c2a9e-0b3d-4c5e-8f70-112233445566").ToByteArray()
    const bytes = Buffer.from('9e2a1c6f3d0b5e4c8f70112233445566', 'hex');
    expect(guidFromBytes(bytes)).toBe('6f1c2a9e-0b3d-4c5e-8f70-112233445566');
  });

  it('refuses anything but 16 bytes', () => {
    expect(() => guidFromBytes(Buffer.alloc(15))).toThrow(ValidationError);
  });
});
