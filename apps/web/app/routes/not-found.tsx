import { notFound } from '../load-context';

/** Any path no other route matches: a real 404, rendered by the root error boundary. */
export function loader(): never {
  notFound();
}

export default function NotFound() {
  return null;
}
