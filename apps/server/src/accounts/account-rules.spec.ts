import {
  splitAddresses,
  displayNameProblem,
  DISPLAY_NAME_MAX,
  emailProblem,
  normaliseDisplayName,
  normaliseUsername,
  PASSWORD_MIN,
  passwordProblem,
  suspensionReasonProblem,
  SUSPENSION_REASON_MAX,
  USERNAME_MAX,
  usernameProblem,
} from './account-rules';

describe('account rules', () => {
  it('usernames: NFKC-normalised and trimmed; ASCII letters, digits, dot, hyphen, underscore; start and end with a letter or digit', () => {
    expect(normaliseUsername('  ａlice ')).toBe('alice');
    expect(usernameProblem('')).toBe('Enter a username');
    expect(usernameProblem('al')).toMatch(/3 to 30 characters/);
    expect(usernameProblem('x'.repeat(USERNAME_MAX + 1))).toMatch(/3 to 30 characters/);
    expect(usernameProblem('аlice')).toMatch(/only letters a to z/); // a Cyrillic "а"
    expect(usernameProblem('_alice')).toMatch(/start and end/);
    expect(usernameProblem('alice.b-c_d')).toBeNull();
  });

  it('a huge username is cut before it is normalised', () => {
    expect(normaliseUsername('x'.repeat(1_000_000)).length).toBe(USERNAME_MAX + 1);
  });

  it('display names: single-spaced, limited, no control characters', () => {
    expect(normaliseDisplayName('  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(displayNameProblem('')).toBe('Enter the name to show to others');
    expect(displayNameProblem('x'.repeat(DISPLAY_NAME_MAX + 1))).toMatch(/or fewer/);
    expect(displayNameProblem('Ada\u202E')).toMatch(/control characters/);
    expect(displayNameProblem('Ada Lovelace')).toBeNull();
  });

  it('an email address is optional, but if given must look like one', () => {
    expect(emailProblem('')).toBeNull();
    expect(emailProblem('not an address')).toMatch(/correct format/);
    expect(emailProblem('name@example.com')).toBeNull();
  });

  it('passwords: long enough, not common, not containing the username', () => {
    expect(passwordProblem('', 'alice')).toBe('Enter a password');
    expect(passwordProblem('x'.repeat(PASSWORD_MIN - 1), 'alice')).toMatch(/characters or more/);
    expect(passwordProblem('aaaaaaaaaaaa', 'alice')).toMatch(/too common/);
    expect(passwordProblem('my alice password here', 'alice')).toBe('Password must not contain your username');
    expect(passwordProblem('correct horse battery staple', 'alice')).toBeNull();
  });

  it('a suspension needs a reason the person will see, by the shared rule', () => {
    expect(suspensionReasonProblem(' ')).toEqual({ field: 'reason', code: 'REASON_REQUIRED', message: 'Enter the reason, which the person will see' });
    expect(suspensionReasonProblem('x'.repeat(SUSPENSION_REASON_MAX + 1))?.code).toBe('REASON_TOO_LONG');
    expect(suspensionReasonProblem('Spam\u0000')?.code).toBe('REASON_INVALID');
    expect(suspensionReasonProblem('Repeated spam')).toBeNull();
  });
});

describe('splitAddresses', () => {
  it('takes one address a line (commas and semicolons too), trimmed, each once whatever its case', () => {
    expect(splitAddresses(' a@example.test\r\nb@example.test,\n\nA@example.test ; c@example.test\n')).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
    expect(splitAddresses('\n \n')).toEqual([]);
  });
});
