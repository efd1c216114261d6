// "Did you mean …?" for a misspelled keyword, option, symbol or state name (issue 12): the
// closest candidate by edit distance, if it is close enough to be what the writer meant.

/**
 * `; did you mean 'x'?` for the candidate nearest to `word`, or '' when none is near.
 * Near: at most one edit in four characters (at least one), ignoring case, where swapping
 * two neighbouring letters is one edit. Words under three characters are near too much.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = nearest(word, candidates);
  return best === undefined ? '' : `; did you mean '${best}'?`;
}

export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length < 3) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 4));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (c === word || Math.abs(c.length - word.length) >= bestDistance) continue;
    const d = editDistance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance of `a` and `b`, or `cap` once it reaches `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= cap) return cap;
    before = prev;
    prev = row;
  }
  return Math.min(prev[b.length]!, cap);
}
