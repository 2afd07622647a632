/** A link to another page of a long list: "Older changes", "Next page"… */
export interface PageLink {
  href: string;
  text: string;
  /** The page just before or after this one in the list's order (newest first, say). */
  rel?: 'prev' | 'next';
}

/**
 * The links between the pages of a long list, as one labelled navigation landmark ("History
 * pages", "More results"…), so a screen reader can jump to it and tell the lists apart. Each item
 * is a link or plain text ("Page 2 of 5"); items that are false or null are left out, and with no
 * link at all there is nothing to show.
 */
export function Pagination({
  label,
  items,
  className = 'pagination',
  listClassName,
}: {
  label: string;
  items: readonly (PageLink | string | false | null | undefined)[];
  className?: string;
  listClassName?: string;
}) {
  const shown = items.filter((item): item is PageLink | string => Boolean(item));
  if (!shown.some((item) => typeof item !== 'string')) return null;
  return (
    <nav aria-label={label} className={className}>
      <ul className={listClassName}>
        {shown.map((item) =>
          typeof item === 'string' ? (
            <li key={item}>{item}</li>
          ) : (
            <li key={item.text}>
              <a href={item.href} rel={item.rel}>
                {item.text}
              </a>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
