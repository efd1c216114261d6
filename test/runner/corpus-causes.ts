// Behaviours behind disagreements with packetdrill on its own corpus (issue 10), each
// reproduced by a script of ours under corpus-causes/: `x.pkt` passes under packetdrill
// and must pass here; its twin `x.fail.pkt` must fail at the line and with the message
// its first line declares (`// fails: <line>: <fragment>`). Scripts run against the
// real kernel, IPv4, from the project root.
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, runJson } from '../helpers/cli.js';

const dir = join(root, 'test', 'runner', 'corpus-causes');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.pkt') && !f.endsWith('.fail.pkt')).sort();
const twins = readdirSync(dir).filter((f) => f.endsWith('.fail.pkt')).sort();

t.test('every script has its failing twin, and every twin its script', async (t) => {
  t.same(twins.map((f) => f.replace(/\.fail\.pkt$/, '.pkt')), scripts);
});

for (const name of scripts) {
  t.test(name, async (t) => {
    const r = runJson(['-j', '1', join(dir, name)]).results[0]!;
    t.equal(r.verdict, 'pass', r.failure ? `${r.failure.line}: ${r.failure.failure.message}` : '');
  });
}

for (const name of twins) {
  t.test(name, async (t) => {
    const m = /^\/\/ fails: (\d+): (.*)$/m.exec(readFileSync(join(dir, name), 'utf8').split('\n')[0] ?? '');
    if (!m) return t.fail('first line must read `// fails: <line>: <fragment>`');
    const r = runJson(['-j', '1', join(dir, name)]).results[0]!;
    t.equal(r.verdict, 'fail');
    t.equal(r.failure?.line, Number(m[1]));
    t.match(r.failure?.failure.message ?? '', m[2]!.trim());
  });
}
