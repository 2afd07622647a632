/** Longest slug we produce; keeps URLs and the database index readable. */
export const MAX_SLUG_LENGTH = 100;

// Letters that NFKD does not decompose into "base letter + accent", so stripping
// combining marks alone would turn them into separators ("Straße" -> "stra-e").
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ð: 'd',
  đ: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};

/**
 * Turn a page title into the URL slug used for `/wiki/<slug>`.
 *
 * Slugs are ASCII only (`[a-z0-9-]`) so they never need percent-encoding and
 * compare reliably. Returns '' when nothing usable is left (e.g. "!!!"); callers
 * treat that as an invalid title.
 */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // drop the combining marks NFKD split off ("é" -> "e")
    .toLowerCase()
    .replace(/[ßæœøðđþłı]/g, (ch) => TRANSLITERATIONS[ch] ?? ch);
  return ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, ''); // cutting at 100 may leave a trailing separator
}
