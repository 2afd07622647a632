import type { PersonSummary } from '../fragments';

export type { PersonSummary };

/** The path of a person's profile. */
export function profilePath(username: string): string {
  return `/users/${encodeURIComponent(username)}`;
}

/**
 * Whether this is a deleted account: the server renames it `~<id>` (a username no one can register)
 * and names it "a former participant"; it has no profile to link to.
 */
export function isFormerParticipant(person: PersonSummary): boolean {
  return person.username.startsWith('~');
}

/** A person's name as the wiki shows it, linking to their profile (a former participant's is plain text). */
export function PersonName({ person }: { person: PersonSummary }) {
  if (isFormerParticipant(person)) return <span className="person">{person.displayName}</span>;
  return (
    <a href={profilePath(person.username)} className="person">
      {person.displayName}
    </a>
  );
}
