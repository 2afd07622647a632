import { hasConflictMarkers, mergeTexts } from './merge';

const BASE = ['First paragraph about stakeholders.', '', 'Second paragraph about clinicians.', '', 'Third paragraph about evaluation.'].join('\n');

describe('mergeTexts', () => {
  it('combines edits to different paragraphs', () => {
    const theirs = BASE.replace('First paragraph', 'First paragraph, rewritten by them,');
    const mine = BASE.replace('Third paragraph', 'Third paragraph, extended by me,');
    const result = mergeTexts(BASE, theirs, mine);
    expect(result).toEqual({
      clean: true,
      text: ['First paragraph, rewritten by them, about stakeholders.', '', 'Second paragraph about clinicians.', '', 'Third paragraph, extended by me, about evaluation.'].join('\n'),
    });
  });

  it('takes an identical change from both once', () => {
    const both = BASE.replace('Second', 'The second');
    expect(mergeTexts(BASE, both, both)).toEqual({ clean: true, text: both });
  });

  it('keeps both texts of a sentence both people changed, marked, and reports the conflict', () => {
    const theirs = BASE.replace('about clinicians', 'about nurses');
    const mine = BASE.replace('about clinicians', 'about doctors');
    const result = mergeTexts(BASE, theirs, mine);
    expect(result.clean).toBe(false);
    if (result.clean) return;
    expect(result.conflicts).toEqual([{ mine: 'Second paragraph about doctors.', theirs: 'Second paragraph about nurses.', base: 'Second paragraph about clinicians.' }]);
    expect(result.text).toContain('Second paragraph about doctors.');
    expect(result.text).toContain('Second paragraph about nurses.');
    expect(result.text).toContain('First paragraph about stakeholders.');
    expect(hasConflictMarkers(result.text)).toBe(true);
  });

  it('treats Windows line endings like Unix ones', () => {
    const mine = BASE.replace(/\n/g, '\r\n').replace('Third', 'The third');
    expect(mergeTexts(BASE, BASE, mine)).toEqual({ clean: true, text: BASE.replace('Third', 'The third') });
  });
});

describe('hasConflictMarkers', () => {
  it('finds only whole marker lines', () => {
    expect(hasConflictMarkers('a\n=======\nb')).toBe(true);
    expect(hasConflictMarkers('a ======= b and <<<<<<< inline')).toBe(false);
  });
});

describe('mergeTexts on the worst inputs', () => {
  it('gives thousands of repeated lines back as one whole conflict, quickly, instead of merging line by line', () => {
    // Unbounded, diff3 takes about 15 s on 5,000 such lines and grows with the square.
    const base = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 'a' : 'b')).join('\n');
    const theirs = Array.from({ length: 20_000 }, (_, i) => (i % 5 ? 'b' : 'd')).join('\n');
    const mine = Array.from({ length: 20_000 }, (_, i) => (i % 3 ? 'a' : 'c')).join('\n');
    const started = Date.now();
    const result = mergeTexts(base, theirs, mine);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.clean).toBe(false);
    if (result.clean) return;
    expect(result.conflicts).toEqual([{ mine, theirs, base }]);
    expect(result.text).toBe(['<<<<<<< your text', mine, '=======', theirs, '>>>>>>> saved meanwhile by someone else'].join('\n'));
  });

  it('still merges a long page of ordinary paragraphs and blank lines', () => {
    const paragraphs = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} about safety.`);
    const base = paragraphs.join('\n\n');
    const theirs = base.replace('Paragraph 3 ', 'Paragraph three ');
    const mine = base.replace('Paragraph 300 ', 'Paragraph three hundred ');
    expect(mergeTexts(base, theirs, mine)).toEqual({ clean: true, text: theirs.replace('Paragraph 300 ', 'Paragraph three hundred ') });
  });
});
