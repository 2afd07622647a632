import { answers, plainSubject, readTalkPage } from './talk-threads';

const sig = (user: string, time: string) => `[[User:${user}|${user}]] ([[User talk:${user}|talk]]) ${time}, 1 January 2024 (UTC)`;

describe('reading a MediaWiki talk page as threads', () => {
  it('makes each == subject == a thread, each signed comment a post, and colons say who answers whom', () => {
    const threads = readTalkPage(
      [
        `== Naming [[Open data|the page]] ==`,
        `Should this be renamed? ${sig('Alice', '12:00')}`,
        `: Yes. ${sig('Bob', '12:30')}`,
        `:: Why? It has a second line`,
        `:: and then the signature. ${sig('Carol', '13:05')}`,
        `: No. [[User talk:Dave|Dave]] 14:00, 2 January 2024 (UTC)`,
      ].join('\n'),
    );
    expect(threads).toHaveLength(1);
    const [thread] = threads;
    expect(thread.subject).toBe('Naming the page');
    expect(thread.problem).toBeNull();
    expect(thread.comments.map((c) => [c.username, c.depth, c.text, c.at?.toISOString()])).toEqual([
      ['Alice', 0, 'Should this be renamed?', '2024-01-01T12:00:00.000Z'],
      ['Bob', 1, 'Yes.', '2024-01-01T12:30:00.000Z'],
      ['Carol', 2, 'Why? It has a second line\nand then the signature.', '2024-01-01T13:05:00.000Z'],
      ['Dave', 1, 'No.', '2024-01-02T14:00:00.000Z'],
    ]);
    expect(answers(thread.comments)).toEqual([-1, 0, 1, 0]);
  });

  it('keeps text that breaks the conventions, and says which', () => {
    const threads = readTalkPage(['Some words before any heading.', '', '== Signed then not ==', `Hello ${sig('Alice', '09:00')}`, ': an unsigned answer'].join('\n'));
    expect(threads.map((t) => [t.subject, t.problem, t.comments.map((c) => [c.username, c.text])])).toEqual([
      ['Before the first heading', 'text before the first == heading == and text without a signature', [[null, 'Some words before any heading.']]],
      ['Signed then not', 'text without a signature', [['Alice', 'Hello'], [null, 'an unsigned answer']]],
    ]);
  });

  it('reads headings without their markup', () => {
    expect(plainSubject("'''Bold''' and [[Link]] and [[Target|label]]")).toBe('Bold and Link and label');
  });
});
