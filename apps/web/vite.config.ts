import path from 'node:path';
import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

const libs = path.resolve(__dirname, '../../libs');

export default defineConfig({
  plugins: [reactRouter()],
  resolve: {
    alias: {
      '@commonplace/markdown': path.join(libs, 'markdown/src/index.ts'),
      '@commonplace/word-diff': path.join(libs, 'word-diff/src/index.ts'),
    },
  },
  build: { sourcemap: false },
});
