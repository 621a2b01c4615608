/**
 * A server URL as sessions are keyed by it: http(s), no query or fragment, no trailing slash, so
 * `https://chat.example.com/` and `https://chat.example.com` are the same session.
 */
export function serverUrl(text: string, option = '--server'): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`${option} must be a URL like https://chat.example.com, got "${text}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new Error(`${option} must be an http:// or https:// URL without query or credentials, got "${text}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
