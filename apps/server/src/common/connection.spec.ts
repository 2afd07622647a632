import { idCursor, offsetCursor, positionCursor, readIdCursor, readOffsetCursor, readPositionCursor, refusedCursor } from './connection';

const encoded = (text: string) => Buffer.from(text).toString('base64url');

describe('the cursors lists give out', () => {
  it('a position cursor names its (createdAt, id) and reads back', () => {
    const position = { createdAt: new Date('2008-06-12T10:30:00.123Z'), id: 42 };
    expect(readPositionCursor(positionCursor(position))).toEqual(position);
  });

  it('refuses position cursors no list gave out, including ones PostgreSQL could not compare with', () => {
    for (const made of ['', 'not base64 at all', encoded('2008-06-12T10:30:00.000Z'), encoded('yesterday|1'), encoded('2008-06-12T10:30:00.000Z|0'),
      encoded('2008-06-12T10:30:00.000Z|2147483648'), encoded('2008-06-12T10:30:00.000Z|1.5'), encoded('+010000-01-01T00:00:00.000Z|1'),
      encoded('2008-06-12T10:30:00.000Z|1|extra')]) {
      expect(readPositionCursor(made)).toBeNull();
    }
  });

  it('an id cursor carries a big integer as text', () => {
    expect(readIdCursor(idCursor('9223372036854775807'))).toBe('9223372036854775807');
    expect(readIdCursor(encoded('0'))).toBeNull();
    expect(readIdCursor(encoded('12; DROP TABLE'))).toBeNull();
    expect(readIdCursor(encoded('1'.repeat(20)))).toBeNull();
  });

  it("an offset cursor belongs to its list", () => {
    expect(readOffsetCursor('search', offsetCursor('search', 24))).toBe(24);
    expect(readOffsetCursor('search', offsetCursor('elsewhere', 24))).toBeNull();
    expect(readOffsetCursor('search', encoded('search:1234567890'))).toBeNull();
  });

  it('one typed error for a refused cursor, naming the argument', () => {
    const error = refusedCursor('before');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'before' });
    expect(error.message).toBe('The "before" cursor is not one this list gave out. Start again from the first page.');
  });
});
