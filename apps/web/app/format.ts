const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> {
  return Object.fromEntries(LONDON.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
}

/** "14 November 2008, 10:07", in UK time; assembled from parts so server and browser agree. */
export function formatDateTime(iso: string): string {
  const p = parts(iso);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** "14 November 2008" */
export function formatDate(iso: string): string {
  const p = parts(iso);
  return `${p.day} ${p.month} ${p.year}`;
}

/** "1 person", "6 people" */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
