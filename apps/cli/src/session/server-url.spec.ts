import { serverUrl } from './server-url.js';

describe('server URLs', () => {
  it('are normalised, so one server has one session', () => {
    expect(serverUrl('http://127.0.0.1:8083/')).toBe('http://127.0.0.1:8083');
    expect(serverUrl(' HTTPS://Chat.Example.com//parley/ ')).toBe('https://chat.example.com//parley');
  });

  it('must be http(s) URLs without query or credentials', () => {
    for (const bad of ['chat.example.com', 'ftp://chat.example.com', 'https://chat.example.com/?x=1', 'https://admin:pw@chat.example.com']) {
      expect(() => serverUrl(bad)).toThrow(/^--server must be/);
    }
  });
});
