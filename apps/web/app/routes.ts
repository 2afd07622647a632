import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('wiki/:slug', 'routes/page.tsx'),
  route('threads/:id', 'routes/thread.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
