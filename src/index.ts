// The programmatic API, for harnesses that embed tcpdrill (README.md, "API"):
// `import { parseScript, runScripts } from 'tcpdrill'`. Everything here is
// also what the CLI uses; nothing prints or exits.

export { parseScript, formatDiagnostic, type ParseOptions } from './grammar/index.js';
export type { Diagnostic, ParseResult, Script } from './grammar/ast.js';
export { runScripts, type RunScriptsOptions, type RunScriptsOutcome } from './run-scripts.js';
export type { EventKind, EventResult, FieldDiff, Failure, ScriptResult, TraceEntry, Verdict } from './runner/results.js';
export type { IpVersion } from './runner/config.js';
export type { VariantChoice } from './runner/suite/index.js';
export { renderReport, type ReporterName } from './runner/report/index.js';
