/** What a site name may be: pure, so its unit test needs no database. */

/** The longest site name: it is the header's first link, so it must stay short. */
export const SITE_NAME_MAX = 60;

/** The one problem a site name can have, or null. */
export function siteNameProblem(name: string): string | null {
  if (name === '') return 'Enter the site’s name';
  if (name.length > SITE_NAME_MAX) return `The site’s name must be ${SITE_NAME_MAX} characters or fewer`;
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return 'The site’s name cannot contain control characters';
  return null;
}
