import { openInPrivateMode } from './index';

describe('openInPrivateMode', () => {
  it('opens signing in and the pages that lead to it, with or without a trailing slash or React Router’s .data', () => {
    for (const path of ['/sign-in', '/sign-in/', '/sign-in.data', '/sign-in/code', '/sign-in/code.data', '/register', '/forgot-password', '/reset-password', '/confirm-email', '/setup', '/display', '/sign-out', '/account/deleted', '/account/deleted.data']) {
      expect(openInPrivateMode(path)).toBe(true);
    }
  });

  it('keeps every other page closed, including look-alikes and the home page', () => {
    for (const path of ['/', '/_root.data', '/wiki/emerging-issues', '/wiki/emerging-issues.data', '/recent.atom', '/areas.csv', '/sign-in-elsewhere', '/register/../wiki/x', '/setup/more', '/admin/site', '/account', '/account/delete', '/account/data', '/account/data.json']) {
      expect(openInPrivateMode(path)).toBe(false);
    }
  });
});
