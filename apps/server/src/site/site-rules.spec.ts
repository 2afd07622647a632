import { SITE_NAME_MAX, siteNameProblem } from './site-rules';

describe('siteNameProblem', () => {
  it('takes a short name', () => {
    expect(siteNameProblem('Ward 7 wiki')).toBeNull();
    expect(siteNameProblem('x'.repeat(SITE_NAME_MAX))).toBeNull();
  });

  it('refuses an empty name, a long one and control or format characters', () => {
    expect(siteNameProblem('')).toBe('Enter the site’s name');
    expect(siteNameProblem('x'.repeat(SITE_NAME_MAX + 1))).toBe('The site’s name must be 60 characters or fewer');
    expect(siteNameProblem('Wiki\u202Eevil')).toBe('The site’s name cannot contain control characters');
    expect(siteNameProblem('Wiki\nName')).toBe('The site’s name cannot contain control characters');
  });
});
