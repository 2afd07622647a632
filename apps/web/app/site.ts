/** "<what> – Commonplace": page titles name the page, then the site. */
export function pageTitle(what: string): { title: string }[] {
  return [{ title: `${what} – Commonplace` }];
}
