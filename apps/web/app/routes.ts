import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('wiki/:slug', 'routes/page.tsx'),
  route('threads/:id', 'routes/thread.tsx'),
  route('register', 'routes/register.tsx'),
  route('sign-in', 'routes/sign-in.tsx'),
  route('sign-out', 'routes/sign-out.tsx'),
  route('account/password', 'routes/account-password.tsx'),
  route('users/:username', 'routes/user.tsx'),
  route('admin/users', 'routes/admin-users.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
