import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { reactRouter } from '@react-router/dev/vite';
import { defineConfig, type Plugin } from 'vite';

const libs = path.resolve(__dirname, '../../libs');

/** Preact (React's stand-in in the browser) and React Router: every page needs them, and they change only on upgrades. */
const FRAMEWORK = /[\\/]node_modules[\\/](preact|react|react-dom|scheduler|react-router|cookie|set-cookie-parser|turbo-stream)[\\/]|entry\.client|vite\/preload-helper/;
/**
 * The layout's and the wiki page's own modules (components, live updates, form helpers), most of
 * what any page needs: one chunk rather than a request for each. Modules only other pages use are
 * left to Rollup, so a first visit fetches none of them.
 */
const READING_PATH = /[\\/]app[\\/](root|routes[\\/]page)\.tsx(\?|$)/;
const APP_MODULE = /[\\/]apps[\\/]web[\\/]app[\\/]/;

type ModuleInfo = { id: string; importedIds: readonly string[] } | null;
type ChunkMeta = { getModuleIds: () => IterableIterator<string>; getModuleInfo: (id: string) => ModuleInfo };
let readingPath: { of: ChunkMeta; ids: Set<string> } | undefined;

function onReadingPath(id: string, meta: ChunkMeta): boolean {
  if (readingPath?.of !== meta) {
    const ids = new Set<string>();
    const visit = (moduleId: string) => {
      for (const imported of meta.getModuleInfo(moduleId)?.importedIds ?? []) {
        if (ids.has(imported) || !APP_MODULE.test(imported) || READING_PATH.test(imported)) continue;
        ids.add(imported);
        visit(imported);
      }
    };
    for (const moduleId of meta.getModuleIds()) if (READING_PATH.test(moduleId)) visit(moduleId);
    readingPath = { of: meta, ids };
  }
  return readingPath.ids.has(id);
}

function chunkFor(id: string, meta: ChunkMeta): string | undefined {
  if (FRAMEWORK.test(id)) return 'framework';
  if (onReadingPath(id, meta)) return 'shared';
  return undefined;
}

/**
 * React's names as the browser bundle imports them, and what Preact offers in their place. React
 * and React DOM were about 52 KB of the framework chunk, brotli; Preact with its hooks and compat
 * layer is about 9 (the chunk went from 90 to 47.5 KB).
 */
const PREACT_FOR = new Map([
  ['react', 'preact/compat'],
  ['react-dom', 'preact/compat'],
  ['react-dom/client', 'preact/compat/client'],
  ['react/jsx-runtime', 'preact/compat/jsx-runtime'],
  ['react/jsx-dev-runtime', 'preact/compat/jsx-dev-runtime'],
]);

/**
 * The browser runs Preact (through preact/compat) where the server renders with React: the server
 * keeps React's complete streaming renderer, and a reader's browser downloads a fraction of the
 * code to hydrate that HTML and run React Router. Only the client build is redirected; the server
 * bundle still imports React itself.
 */
function preactInTheBrowser(): Plugin {
  return {
    name: 'commonplace:preact-in-the-browser',
    enforce: 'pre',
    applyToEnvironment: (environment) => environment.name === 'client',
    async resolveId(source, importer, options) {
      const preact = PREACT_FOR.get(source);
      if (!preact) return null;
      return this.resolve(preact, importer, { ...options, skipSelf: true });
    },
  };
}

/** Where the client build puts its files (react-router.config.ts's buildDirectory). */
const CLIENT_ASSETS = path.resolve(__dirname, '../../dist/web/client/assets');

/**
 * Writes a brotli (quality 11) and a gzip (level 9) copy beside every script and stylesheet of the
 * client build. The server sends them as they are (apps/server/src/web/web-client.ts): the
 * smallest bodies compression can give, without compressing again for every request. It runs once
 * the server build has finished, because that is when React Router writes the route manifest
 * (and moves the server build's stylesheets) into the client's assets.
 */
function precompress(): Plugin {
  return {
    name: 'commonplace:precompress',
    apply: 'build',
    async closeBundle() {
      if (this.environment.name === 'client' || !existsSync(CLIENT_ASSETS)) return;
      const names = new Set(await readdir(CLIENT_ASSETS));
      const compress = [...names].filter((name) => /\.(js|css|svg|json)$/.test(name) && !(names.has(`${name}.br`) && names.has(`${name}.gz`)));
      await Promise.all(
        compress.map(async (name) => {
          const file = path.join(CLIENT_ASSETS, name);
          const body = await readFile(file);
          const [br, gz] = await Promise.all([
            promisify(brotliCompress)(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
            promisify(gzip)(body, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [preactInTheBrowser(), reactRouter(), precompress()],
  resolve: {
    alias: {
      '@commonplace/markdown': path.join(libs, 'markdown/src/index.ts'),
      '@commonplace/word-diff': path.join(libs, 'word-diff/src/index.ts'),
      '@commonplace/live-events': path.join(libs, 'live-events/src/index.ts'),
      '@commonplace/load-context': path.join(libs, 'load-context/src/index.ts'),
    },
  },
  build: {
    sourcemap: false,
    rollupOptions: {
      output: {
        // One cacheable framework chunk and one of shared modules, so a first visit makes a handful
        // of requests rather than thirty.
        manualChunks: chunkFor,
      },
    },
  },
});
