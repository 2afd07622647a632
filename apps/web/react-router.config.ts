import type { Config } from '@react-router/dev/config';

export default {
  appDirectory: 'app',
  buildDirectory: '../../dist/web',
  // Every page is rendered on the server, so it reads and its forms work with JavaScript off.
  ssr: true,
  // CommonJS, so the NestJS server (CommonJS) can require the server bundle directly.
  serverModuleFormat: 'cjs',
  // The whole route manifest in one immutable, cacheable file loaded with the page, rather than
  // lazy discovery's uncacheable /__manifest requests after every page's links render.
  routeDiscovery: { mode: 'initial' },
} satisfies Config;
