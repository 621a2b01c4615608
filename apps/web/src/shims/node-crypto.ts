// `node:crypto` as the shared libraries use it, from the browser's Web Crypto.

export function randomFillSync<T extends ArrayBufferView>(buffer: T): T {
  globalThis.crypto.getRandomValues(buffer as unknown as Uint8Array<ArrayBuffer>);
  return buffer;
}

export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}
