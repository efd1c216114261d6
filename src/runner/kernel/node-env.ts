// The environment tcpdrill's own Node processes start with, and the one the
// script's commands see.
//
// Node reads and parses the file NODE_EXTRA_CA_CERTS names while it boots,
// before any module runs: with Debian's bundle (144 certificates) that is 40 of
// the 77 ms of Node's bootstrap on the machines measured in BENCHMARKS.md, paid
// twice on a run's critical path (the parent's start, then the child's).
// tcpdrill makes no TLS connection, so its processes start without it:
// bin/tcpdrill's #! line moves the value aside under CA_CERTS_ASIDE, as
// spawnInNamespace does for the child, and the child puts it back once it has
// started, so the script's commands get the user's environment unchanged.

export const CA_CERTS = 'NODE_EXTRA_CA_CERTS';
/** Where the value waits; bin/tcpdrill's #! line spells this name too. */
export const CA_CERTS_ASIDE = 'TCPDRILL_NODE_EXTRA_CA_CERTS';

/** `env` for starting one of tcpdrill's Node processes: the certificates' file moved aside. */
export function forNodeStart(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const value = env[CA_CERTS];
  if (value === undefined) return env;
  const { [CA_CERTS]: _moved, ...rest } = env;
  return { ...rest, [CA_CERTS_ASIDE]: value };
}

/**
 * In a started process: the user's environment back in `env`. The #! line
 * sets the aside name even when the variable was unset, to the empty string,
 * which Node would take as no file: so empty puts nothing back.
 */
export function putBackUserEnv(env: NodeJS.ProcessEnv = process.env): void {
  const value = env[CA_CERTS_ASIDE];
  delete env[CA_CERTS_ASIDE];
  if (value !== undefined && value !== '') env[CA_CERTS] = value;
}
