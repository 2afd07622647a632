import { InitialSchema1763900000000 } from './1763900000000-initial-schema';

/** Every migration, in order. The schema changes only through these; `synchronize` is never used. */
export const migrations = [InitialSchema1763900000000];
