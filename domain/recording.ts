type Scalar = string | number | null | undefined;

const isEmpty = (v: Scalar) => v === null || v === undefined || v === '';

/**
 * §8.1 "fill gaps, don't erase": locked → never; new empty → keep current; otherwise write when
 * different. Returns whether to write.
 */
export function shouldWrite(current: Scalar, incoming: Scalar, locked: boolean): boolean {
  if (locked || isEmpty(incoming)) return false;
  return isEmpty(current) || current !== incoming;
}

/** "The Matrix" → "Matrix, The" (leading article moves to the end, capitalisation kept). */
export function sortTitle(title: string): string {
  const t = title.trim();
  const m = /^(the|a|an)\s+(.+)$/i.exec(t);
  return m ? `${m[2]}, ${m[1]}` : t;
}
