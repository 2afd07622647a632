import { createHash } from 'node:crypto';

/**
 * A statement that PostgreSQL parses once per connection and may plan once, for the hottest paths
 * (a save, the signed-in person of every request): an unnamed statement is parsed and planned
 * afresh every time it runs, which for a save's one statement cost more than running most of it
 * (about 1.3 ms of parse and plan). Pass `statement()` to `query()` of a DataSource, an
 * EntityManager or a repository in place of the text: node-postgres sends a named Parse the first
 * time each pooled connection runs it, and only Bind/Execute after that. Its `toString()` is the
 * text, so logs, errors and the statement counts in tests read it as any other statement.
 *
 * Each call makes a new object because node-postgres writes the parameters into the one it is given.
 * The text must be fixed for a name (node-postgres refuses one name with two texts): build it once,
 * at module load or lazily, never per call.
 */
export type PreparedStatement = () => string;

export function preparedStatement(name: string, text: string): PreparedStatement {
  // Typed as a string, so TypeORM's query(query: string, ...) takes it as it is; node-postgres reads its name and text.
  return () => ({ name, text, toString: () => text }) as unknown as string;
}

/**
 * Prepared statements for one call site whose text is put together from a few fixed parts (which
 * columns a read asks for): each text gets its own name, `<site>:<hash of the text>`, the first
 * time it is asked for. What is kept is bounded by the code's combinations of parts, never by
 * what people ask (values go in parameters, never in the text).
 */
export function preparedStatements(site: string): (text: string) => string {
  const made = new Map<string, PreparedStatement>();
  return (text) => {
    let statement = made.get(text);
    if (!statement) made.set(text, (statement = preparedStatement(`${site}:${createHash('sha256').update(text).digest('base64url').slice(0, 16)}`, text)));
    return statement();
  };
}
