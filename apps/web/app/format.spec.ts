import { describe, expect, it } from '@jest/globals';
import { formatDate, formatDateTime } from './format';

describe('dates and times in UK time', () => {
  it('writes a time in winter (GMT) and in summer (BST), to the minute', () => {
    expect(formatDateTime('2008-11-14T10:07:59.999Z')).toBe('14 November 2008, 10:07');
    expect(formatDateTime('2024-07-01T23:30:00Z')).toBe('2 July 2024, 00:30');
    expect(formatDate('2024-07-01T23:30:00Z')).toBe('2 July 2024');
  });

  it('gives each time its own minute, however many were written before', () => {
    // Times a second apart across a minute's end, and more minutes than are remembered at once.
    expect(formatDateTime('2026-03-29T00:59:59Z')).toBe('29 March 2026, 00:59');
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29 March 2026, 02:00');
    for (let minute = 0; minute < 6000; minute++) {
      const time = new Date(Date.UTC(2025, 0, 1, 0, minute));
      const expected = `${time.getUTCDate()} ${time.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} 2025, ${String(time.getUTCHours()).padStart(2, '0')}:${String(time.getUTCMinutes()).padStart(2, '0')}`;
      expect(formatDateTime(time.toISOString())).toBe(expected);
    }
    expect(formatDateTime('2008-11-14T10:07:00Z')).toBe('14 November 2008, 10:07');
  });
});
