import { reasonProblem, visibleLength } from './reason-rule';

const rule = { maxLength: 10, required: true };
const code = (reason: string, overrides: Partial<typeof rule> & { requiredMessage?: string } = {}) => reasonProblem(reason, { ...rule, ...overrides })?.code ?? null;

describe('the one rule for a reason', () => {
  it('asks for a missing reason where one is required, in the words of the place it is asked', () => {
    expect(reasonProblem('', rule)).toEqual({ field: 'reason', code: 'REASON_REQUIRED', message: 'Enter a reason' });
    expect(reasonProblem(' \n\t ', { ...rule, requiredMessage: 'Enter the reason, which the person will see' })?.message).toBe('Enter the reason, which the person will see');
    expect(code('', { required: false })).toBeNull();
  });

  it('judges the reason trimmed, as it is stored', () => {
    expect(code(`  ${'x'.repeat(10)}  `)).toBeNull();
    expect(code('x'.repeat(11))).toBe('REASON_TOO_LONG');
  });

  it('counts characters as a person sees them, not code units', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 UTF-16 code units, 7 code points, one character on screen
    const accented = 'e\u0301'; // "é" typed as e and a combining accent
    expect(visibleLength(family)).toBe(1);
    expect(visibleLength(accented)).toBe(1);
    expect(code(family.repeat(10))).toBeNull();
    expect(code(accented.repeat(10))).toBeNull();
    expect(code(family.repeat(11))).toBe('REASON_TOO_LONG');
    expect(reasonProblem('x'.repeat(1001), { maxLength: 1000, required: false })?.message).toBe('The reason must be 1,000 characters or fewer');
  });

  it('stops counting past the limit, so a huge reason is refused as quickly as a long one', () => {
    expect(visibleLength('x'.repeat(1_000_000), 10)).toBe(11);
    expect(code('x'.repeat(1_000_000))).toBe('REASON_TOO_LONG');
  });

  it('refuses control and format characters that could hide or reorder what it says, but keeps line breaks and tabs', () => {
    expect(code('ok\u202Eevil')).toBe('REASON_INVALID');
    expect(code('bell\u0007')).toBe('REASON_INVALID');
    expect(code('two\nlines\tok', { maxLength: 100 })).toBeNull();
    expect(code('\u05E9\u05DC\u05D5\u05DD\u200F ok\u200D')).toBeNull(); // a direction mark and a joiner
  });
});
