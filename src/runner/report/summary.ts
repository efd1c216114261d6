// The counts every reporter's summary shows: passed, failed, skipped, errored.

import type { ScriptResult } from '../results.js';

export interface Counts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly errored: number;
}

export function countVerdicts(results: readonly ScriptResult[]): Counts {
  const counts = { total: results.length, passed: 0, failed: 0, skipped: 0, errored: 0 };
  for (const r of results) {
    switch (r.verdict) {
      case 'pass':
        counts.passed++;
        break;
      case 'fail':
        counts.failed++;
        break;
      case 'skip':
        counts.skipped++;
        break;
      case 'error':
        counts.errored++;
        break;
      default: {
        const never: never = r.verdict;
        throw new Error(`unknown verdict ${String(never)}`);
      }
    }
  }
  return counts;
}
