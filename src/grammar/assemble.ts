// Statements → Script (script-language.md §3, §8.1): options first, one init command
// before the events and one cleanup command after them, each statement kept back until
// its line has parsed (hold). Read this first: a broken statement leaves a gap, and
// check.ts does not judge one event against another across a gap.
import type { Command, Diagnostic, Event, OptionLine, Script } from './ast.js';
import type { Reporter } from './positions.js';

export type Statement = OptionLine | Command | { kind: 'event'; event: Event } | { kind: 'skip' };

interface Held {
  readonly statement: Statement | undefined;
  readonly said: readonly Diagnostic[];
  readonly line: number;
}

/** §3 script order: options first, one init command before and one cleanup after the events. */
export class ScriptAssembler {
  private readonly options: OptionLine[] = [];
  private readonly events: Event[] = [];
  private initCommand: Command | undefined;
  private cleanupCommand: Command | undefined;
  private started = false;
  /**
   * Indexes into `events` before which a statement was left out. Checks across events
   * (the first at time 0, time order) do not reach across a gap: what was left out might
   * have been the event they would have judged against.
   */
  private readonly gaps = new Set<number>();
  /** The statements of the line being parsed, not yet added (see hold). */
  private held: Held[] = [];

  constructor(private readonly r: Reporter) {}

  /**
   * Statement `s` (undefined: broken, left out) ends on line `lastLine`, and `said` is what
   * the builder said of it. It is held back until a statement begins on a later line: a
   * syntax error later on its line means the writer's statement was longer, and the
   * part that parsed must not be judged on its own (`+0 < . 1:1(0) wn 100` must not be
   * told it lacks 'win').
   */
  hold(s: Statement | undefined, said: readonly Diagnostic[], firstLine: number, lastLine: number): void {
    this.release((h) => h.line < firstLine);
    this.held.push({ statement: s, said, line: lastLine });
  }

  /** A syntax error on `line`: a gap for the broken statement, and for those held on its line. */
  brokenOn(line: number): void {
    this.release((h) => h.line !== line);
    this.held = [];
    this.skip();
  }

  finish(): { script: Script; gaps: ReadonlySet<number> } {
    this.release(() => true);
    const { options, initCommand, events, cleanupCommand } = this;
    return { script: { file: this.r.file, options, initCommand, events, cleanupCommand }, gaps: this.gaps };
  }

  /** Add the held statements that `ready` accepts, up to the first it does not. */
  private release(ready: (h: Held) => boolean): void {
    let n = 0;
    for (const h of this.held) {
      if (!ready(h)) break;
      if (h.statement === undefined) this.skip();
      else this.add(h.statement);
      this.r.list.push(...h.said);
      n++;
    }
    this.held = this.held.slice(n);
  }

  private add(s: Statement): void {
    if (s.kind === 'option') {
      if (this.started) this.r.error(s.pos, `expected option lines only at the start of the script, before every event (§2.6)`);
      else this.options.push(s);
      return;
    }
    this.started = true;
    if (s.kind === 'command') {
      if (this.events.length === 0 && this.initCommand === undefined) this.initCommand = s;
      else if (this.events.length > 0 && this.cleanupCommand === undefined) this.cleanupCommand = s;
      else this.r.error(s.pos, 'expected a time before this command: only one untimed command may precede the first event and one follow the last (§8.1)');
      return;
    }
    if (s.kind === 'skip') {
      this.skip();
      return;
    }
    if (this.cleanupCommand !== undefined) {
      this.r.error(this.cleanupCommand.pos, 'expected a time before this command: an untimed command between events is neither the init nor the cleanup command (§8.1)');
      this.cleanupCommand = undefined;
    }
    this.events.push(s.event);
  }

  private skip(): void {
    this.gaps.add(this.events.length);
  }
}
