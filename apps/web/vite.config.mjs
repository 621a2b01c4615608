// The web client is bundled from the libraries' TypeScript sources: the SDK's browser entry (no
// Node-only parts) and the contracts, whose id helper needs `node:crypto` (given here from Web Crypto).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@parley\/sdk$/, replacement: here('../../libs/sdk/src/browser.ts') },
      { find: /^@parley\/contracts$/, replacement: here('../../libs/contracts/src/index.ts') },
      { find: /^node:crypto$/, replacement: here('src/shims/node-crypto.ts') },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true, reportCompressedSize: true },
});
