import type { PersonSummary } from '../fragments';

export type { PersonSummary };

/** The path of a person's profile. */
export function profilePath(username: string): string {
  return `/users/${encodeURIComponent(username)}`;
}

/** A person's name as the wiki shows it, linking to their profile. */
export function PersonName({ person }: { person: PersonSummary }) {
  return (
    <a href={profilePath(person.username)} className="person">
      {person.displayName}
    </a>
  );
}
