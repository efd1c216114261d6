// Facts in, findings out (pure). The order is the order a person fixes things in.

import { cpuCheck, privilegesCheck, toolChecks, tunCheck } from './checks-host.js';
import { hzCheck, kernelCheck, namespaceChecks, namespaceErrorCheck, qdiscCheck } from './checks-kernel.js';
import type { Check, Facts } from './facts.js';

export function evaluate(facts: Facts): Check[] {
  const { host, namespace } = facts;
  return [
    privilegesCheck(host),
    tunCheck(host),
    ...toolChecks(host),
    kernelCheck(host),
    hzCheck(host),
    qdiscCheck(host),
    ...('error' in namespace ? [namespaceErrorCheck(namespace.error)] : namespaceChecks(namespace)),
    cpuCheck(host),
  ];
}

/** Runs cannot work when any check failed. */
export function canRun(checks: readonly Check[]): boolean {
  return checks.every((c) => c.status !== 'fail');
}
