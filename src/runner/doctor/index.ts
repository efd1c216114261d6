// The doctor's face for the CLI: probes (kernel/doctor/) gather facts, the pure
// checks here judge them, render prints the findings.

export { canRun, evaluate } from './evaluate.js';
export { renderDoctorJson, renderDoctorText } from './render.js';
export { probeHost } from '../kernel/doctor/probe-host.js';
export { probeNamespace } from '../kernel/doctor/probe-namespace.js';
