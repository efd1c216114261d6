// `tcpdrill doctor [--json]`: what will and will not work on this machine, each
// finding with a fix-it hint. Exit 0 when runs can work (warnings or not), 3 when
// they cannot (architecture.md, "Command line": 3 is the environment's status).

import { canRun, evaluate, probeHost, probeNamespace, renderDoctorJson, renderDoctorText } from '../runner/doctor/index.js';

export async function runDoctor(opts: { readonly json?: boolean }): Promise<number> {
  const host = await probeHost();
  const checks = evaluate({ host, namespace: probeNamespace() });
  process.stdout.write(`${opts.json ? renderDoctorJson(checks) : renderDoctorText(checks)}\n`);
  return canRun(checks) ? 0 : 3;
}
