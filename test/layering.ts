// The import table (docs/architecture.md): every file under src/ belongs to a
// layer, and may import only what its layer's row allows. A new file outside
// every layer, a new edge, or a new package fails here, so the table is changed
// on purpose or not at all.
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { root } from './helpers/cli.js';

type Layer =
  | 'linux'
  | 'grammar-ast'
  | 'grammar'
  | 'wire'
  | 'script'
  | 'kernel'
  | 'run'
  | 'suite'
  | 'results'
  | 'seconds'
  | 'config'
  | 'errors'
  | 'not-run'
  | 'plan'
  | 'report'
  | 'doctor-facts'
  | 'doctor'
  | 'cli'
  | 'api'
  | 'record'
  | 'profile'
  | 'code-cache';

/** Which layer a file is in: the first entry whose path is the file or a folder holding it. */
const LAYERS: readonly (readonly [string, Layer])[] = [
  ['src/linux/', 'linux'],
  ['src/grammar/ast.ts', 'grammar-ast'],
  ['src/grammar/', 'grammar'],
  ['src/runner/wire/', 'wire'],
  ['src/runner/script/', 'script'],
  ['src/runner/kernel/', 'kernel'],
  ['src/runner/run/', 'run'],
  ['src/runner/suite/', 'suite'],
  ['src/runner/report/', 'report'],
  ['src/runner/doctor/facts.ts', 'doctor-facts'],
  ['src/runner/doctor/', 'doctor'],
  ['src/runner/results.ts', 'results'],
  ['src/runner/seconds.ts', 'seconds'],
  ['src/runner/config.ts', 'config'],
  ['src/runner/errors.ts', 'errors'],
  ['src/runner/not-run.ts', 'not-run'],
  ['src/runner/plan.ts', 'plan'],
  ['src/record/', 'record'],
  ['src/profile-mark.ts', 'profile'],
  ['src/code-cache.cts', 'code-cache'],
  ['src/v8-flags.cts', 'code-cache'],
  ['src/cli/', 'cli'],
  ['src/index.ts', 'api'],
  ['src/run-scripts.ts', 'api'],
];

/** The face of a layer that others may only enter by its front door. */
const FACES: Partial<Record<Layer, string>> = {
  grammar: 'src/grammar/index.ts',
  kernel: 'src/runner/kernel/index.ts',
  suite: 'src/runner/suite/index.ts',
  report: 'src/runner/report/index.ts',
  doctor: 'src/runner/doctor/index.ts',
};

interface Row {
  /** Layers whose every file may be imported (a layer may always import itself). */
  readonly may?: readonly Layer[];
  /** Layers that may be imported only through their face (FACES). */
  readonly faces?: readonly Layer[];
  /** Layers that may be imported only with `import type`. */
  readonly types?: readonly Layer[];
  /** Packages and node: modules. */
  readonly packages?: readonly string[];
}

const NODE_ANY = 'node:*';

const TABLE: Readonly<Record<Layer, Row>> = {
  linux: {},
  'grammar-ast': { may: ['linux'] },
  grammar: { may: ['grammar-ast', 'linux'], packages: ['chevrotain', 'node:module', 'node:path', 'node:url'] },
  // Pure bytes ⇄ Repr; node:net only for SocketAddress's text normalisation.
  wire: { may: ['linux'], packages: ['node:net'] },
  // Script space ⇄ live space: pure, above the wire format.
  script: { may: ['wire', 'linux', 'config'], types: ['grammar-ast'] },
  // The only layer that touches the kernel (libc, devices, processes, files).
  kernel: { may: ['wire', 'linux', 'config', 'errors', 'doctor-facts'], types: ['grammar-ast'], packages: ['koffi', NODE_ANY] },
  run: {
    may: ['kernel', 'script', 'wire', 'linux', 'config', 'errors', 'results', 'not-run', 'seconds', 'profile'],
    types: ['grammar-ast'],
    packages: ['node:os', 'node:timers/promises'],
  },
  suite: {
    may: ['run', 'kernel', 'config', 'errors', 'results', 'not-run', 'plan', 'profile', 'code-cache'],
    types: ['grammar-ast'],
    // node:vm: the child takes `gc` from a new context (child-start.cts); node:net: its pipes are sockets.
    packages: ['node:child_process', 'node:fs', 'node:net', 'node:os', 'node:path', 'node:url', 'node:vm'],
  },
  results: { types: ['config', 'grammar-ast'] },
  seconds: {},
  config: {},
  errors: { packages: ['node:util'] },
  'not-run': { types: ['results'] },
  plan: { may: ['config'], types: ['grammar-ast'] },
  // Reporters render finished results: their types, and how seconds are written.
  report: { may: ['seconds'], types: ['results'] },
  'doctor-facts': {},
  doctor: { may: ['doctor-facts'] },
  cli: {
    may: ['api', 'record', 'profile', 'code-cache'],
    faces: ['grammar', 'suite', 'report', 'doctor'],
    types: ['results', 'config'],
    packages: ['chalk', 'commander', 'node:fs', 'node:path'],
  },
  // Capture → script, pure: packets as the wire and script layers read and write them.
  record: { may: ['wire', 'script', 'linux', 'config'], types: ['grammar-ast'], packages: ['node:net'] },
  // Start-up profiling marks (BENCHMARKS.md): a no-op unless TCPDRILL_PROFILE names a file.
  profile: { packages: ['node:fs'] },
  // A bundle compiled through V8's code cache, under its process's V8 flags: the CLI's and the child's code (src/code-cache.cts, src/v8-flags.cts).
  'code-cache': { packages: ['node:fs', 'node:module', 'node:path', 'node:v8', 'node:vm'] },
  api: {
    may: ['cli', 'plan', 'profile'],
    faces: ['grammar', 'suite', 'report', 'kernel'],
    types: ['grammar-ast', 'results', 'config'],
    packages: ['node:fs', 'node:os', 'node:path'],
  },
};

/** Single files allowed one edge their layer's row does not, each with its reason. */
const EXCEPTIONS: readonly { readonly file: string; readonly to: string; readonly why: string }[] = [
  { file: 'src/runner/doctor/index.ts', to: 'src/runner/kernel/doctor/', why: 'the face composes the probes with the pure checks' },
];

interface Import {
  /** The specifier as written. */
  readonly spec: string;
  readonly typeOnly: boolean;
}

function layerOf(file: string): Layer | undefined {
  return LAYERS.find(([path]) => file === path || (path.endsWith('/') && file.startsWith(path)))?.[1];
}

/** What `spec` in `from` names: a repository path (.ts), or the package itself. */
function targetOf(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return posix.normalize(posix.join(posix.dirname(from), spec)).replace(/\.js$/, '.ts').replace(/\.cjs$/, '.cts');
}

function packageAllowed(row: Row, spec: string): boolean {
  const name = spec.startsWith('node:') ? spec : spec.split('/')[0] as string;
  return (row.packages ?? []).some((p) => p === name || (p === NODE_ANY && name.startsWith('node:')));
}

/** The forbidden edges among these files, one line each. */
function violations(files: readonly { readonly path: string; readonly imports: readonly Import[] }[]): string[] {
  const out: string[] = [];
  for (const { path, imports } of files) {
    const from = layerOf(path);
    if (from === undefined) {
      out.push(`${path}: in no layer; add it to the table in test/layering.ts`);
      continue;
    }
    const row = TABLE[from];
    for (const imp of imports) {
      const target = targetOf(path, imp.spec);
      if (EXCEPTIONS.some((e) => e.file === path && (target === e.to || target.startsWith(e.to)))) continue;
      if (!imp.spec.startsWith('.')) {
        if (!packageAllowed(row, imp.spec)) out.push(`${path}: ${from} may not import the package ${imp.spec}`);
        continue;
      }
      const to = layerOf(target);
      if (to === undefined) {
        out.push(`${path}: imports ${target}, which is in no layer`);
        continue;
      }
      if (to === from || row.may?.includes(to)) continue;
      if (row.faces?.includes(to) && target === FACES[to]) continue;
      if (row.types?.includes(to) && imp.typeOnly) continue;
      const how = row.faces?.includes(to) ? ` except through ${FACES[to]}` : row.types?.includes(to) ? ' except with import type' : '';
      out.push(`${path}: ${from} may not import ${to}${how} (${imp.spec})`);
    }
  }
  return out;
}

/** Static imports and re-exports, dynamic import() with a literal, and worker/module URLs. */
function importsOf(fileName: string, text: string): Import[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: isTypeOnly(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) out.push({ spec: arg.text, typeOnly: false });
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [arg] = node.arguments ?? [];
      if (arg && ts.isStringLiteral(arg) && arg.text.startsWith('.') && /\.[cm]?js$/.test(arg.text)) out.push({ spec: arg.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const e = node.exportClause;
    return e !== undefined && ts.isNamedExports(e) && e.elements.length > 0 && e.elements.every((x) => x.isTypeOnly);
  }
  const c = node.importClause;
  if (c === undefined) return false;
  if (c.isTypeOnly) return true;
  const b = c.namedBindings;
  return c.name === undefined && b !== undefined && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((x) => x.isTypeOnly);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.c?ts$/.test(e.name) ? [p] : [];
  });
}

t.test('every import under src/ is an edge the table allows', async (t) => {
  const files = sourceFiles(join(root, 'src')).map((abs) => {
    const path = relative(root, abs).split('\\').join('/');
    return { path, imports: importsOf(path, readFileSync(abs, 'utf8')) };
  });
  t.ok(files.length > 100, 'read the source tree');
  t.same(violations(files), []);
});

t.test('the check catches forbidden edges', async (t) => {
  const one = (path: string, spec: string, typeOnly = false): string[] => violations([{ path, imports: [{ spec, typeOnly }] }]);
  t.match(one('src/runner/wire/tcp.ts', '../kernel/libc.js'), [/wire may not import kernel/], 'pure wire code reaching the kernel');
  t.match(one('src/runner/script/match.ts', '../run/clock.js'), [/script may not import run/], 'a lower layer importing a higher one');
  t.match(one('src/runner/report/pretty.ts', '../results.js'), [/except with import type/], 'a reporter importing results as values');
  t.same(one('src/runner/report/pretty.ts', '../results.js', true), [], 'a reporter importing result types');
  t.match(one('src/cli/run.ts', '../runner/report/pretty.js'), [/except through src\/runner\/report\/index.ts/], 'the CLI past a face');
  t.match(one('src/grammar/parser.ts', 'koffi'), [/package koffi/], 'a package outside the row');
  t.match(one('src/runner/stray.ts', './config.js'), [/in no layer/], 'a file the table does not place');
  t.same(one('src/runner/run/session.ts', '../kernel/libc.js'), [], 'an allowed edge');
});

t.test('imports are read with their type-only-ness', async (t) => {
  const text = [
    "import type { A } from './a.js';",
    "import { type B, type C } from './b.js';",
    "import { D, type E } from './d.js';",
    "export { F } from './f.js';",
    "export type { G } from './g.js';",
    "const w = new URL('./worker.js', import.meta.url);",
    "const m = await import('./lazy.js');",
  ].join('\n');
  t.same(importsOf('x.ts', text), [
    { spec: './a.js', typeOnly: true },
    { spec: './b.js', typeOnly: true },
    { spec: './d.js', typeOnly: false },
    { spec: './f.js', typeOnly: false },
    { spec: './g.js', typeOnly: true },
    { spec: './worker.js', typeOnly: false },
    { spec: './lazy.js', typeOnly: false },
  ]);
});
