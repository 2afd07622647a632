export interface PersonSummary {
  username: string;
  displayName: string;
}

/** A person's name as the wiki shows it. Profile pages come with accounts; until then, plain text. */
export function PersonName({ person }: { person: PersonSummary }) {
  return <span className="person">{person.displayName}</span>;
}
