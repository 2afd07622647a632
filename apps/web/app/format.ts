const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * The parts by minute: formatToParts (a call into ICU) was the costliest single function of the
 * server rendering a history page of 50 rows, and lists show the same times again and again. Only
 * the minute matters to what is shown (UK time moves by whole hours), so that is the key; the
 * map is emptied when it reaches MINUTES_KEPT, so it never grows past that.
 */
const byMinute = new Map<number, Record<string, string>>();
const MINUTES_KEPT = 5000;

function parts(iso: string): Record<string, string> {
  const time = Date.parse(iso);
  const minute = Math.floor(time / 60_000);
  let found = byMinute.get(minute);
  if (!found) {
    if (byMinute.size >= MINUTES_KEPT) byMinute.clear();
    found = Object.fromEntries(LONDON.formatToParts(new Date(time)).map((part) => [part.type, part.value]));
    byMinute.set(minute, found);
  }
  return found;
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
