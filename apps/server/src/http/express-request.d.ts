import type { Viewer } from '../accounts/sessions.service';

declare global {
  namespace Express {
    interface Request {
      /** The signed-in person, set by the viewer middleware; null when anonymous. */
      viewer?: Viewer | null;
      /** The double-submit CSRF token for this browser (cookie value), set by the CSRF middleware. */
      csrfToken?: string;
      cookies?: Record<string, string | undefined>;
      /** The session could not be looked up because the database is unreachable: answer 503, never "signed out". */
      databaseUnavailable?: boolean;
    }
  }
}

export {};
