import { preparedStatements } from './prepared-statement';

/*
 * node-postgres refuses one statement name with two texts on a connection, and each name it is
 * given stays prepared on every pooled connection: so a call site's texts must each get a name of
 * their own, and the same text always the same name.
 */
describe('prepared statements for a call site whose text is put together from parts', () => {
  const named = (statement: string) => statement as unknown as { name: string; text: string };

  it('names each text once, the same text always the same name, another text another name', () => {
    const site = preparedStatements('test:site');
    const first = named(site('SELECT 1 WHERE $1::int > 0'));
    const again = named(site('SELECT 1 WHERE $1::int > 0'));
    const other = named(site('SELECT 2 WHERE $1::int > 0'));
    expect(first.name).toMatch(/^test:site:[\w-]{16}$/);
    expect(again.name).toBe(first.name);
    expect(other.name).not.toBe(first.name);
    expect(first.text).toBe('SELECT 1 WHERE $1::int > 0');
  });

  it('reads as its text wherever it is taken for a string (logs, errors, statement counts)', () => {
    expect(String(preparedStatements('test:other')('SELECT 3'))).toBe('SELECT 3');
  });
});
