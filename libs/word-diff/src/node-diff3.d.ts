// node-diff3 ships its types only through package.json "exports", which this repository's
// `moduleResolution: node` does not read; this states the one function we use.
declare module 'node-diff3' {
  export interface MergeRegion<T> {
    ok?: T[];
    conflict?: { a: T[]; aIndex: number; b: T[]; bIndex: number; o: T[]; oIndex: number };
  }
  export function diff3Merge<T = string>(a: T[], o: T[], b: T[], options?: { excludeFalseConflicts?: boolean }): MergeRegion<T>[];
}
