/**
 * A small deterministic pseudo-random generator (mulberry32) for demo data:
 * the same seed gives the same sequence on every machine and every run.
 */
import { mulberry32 } from '../../../shared/domain/random.js';

export { mulberry32 };

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy of the list (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** True with probability p. */
  chance(p: number): boolean;
  /** n distinct elements of the list (or all of them when n is larger). */
  sample<T>(items: readonly T[], n: number): T[];
}


/** A 32-bit FNV-1a hash, to turn a text seed (e.g. a date) into a number. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function prng(seed: number | string): Prng {
  const next = mulberry32(typeof seed === 'string' ? hashString(seed) : seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(0, items.length - 1)]!;
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    next,
    int,
    pick,
    shuffle,
    chance: (p: number) => next() < p,
    sample: <T>(items: readonly T[], n: number) => shuffle(items).slice(0, Math.max(0, n)),
  };
}
