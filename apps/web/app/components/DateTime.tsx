import { formatDate, formatDateTime } from '../format';

/** A machine-readable `<time>` with a plain UK date (and time, unless `dateOnly`). */
export function DateTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  return <time dateTime={iso}>{dateOnly ? formatDate(iso) : formatDateTime(iso)}</time>;
}
