// Plan: the script's option lines, then the command line on top (the command line
// wins, script-language.md §1.1), turned into one RunConfig.

import type { OptionLine } from '../grammar/ast.js';
import { defaultConfig, type IpVersion, type RunConfig } from './config.js';

/** An option as given: `--name=value` → value, `--name` → true. */
export type OptionValues = ReadonlyMap<string, string | true>;

export type PlanResult = { readonly ok: true; readonly config: RunConfig } | { readonly ok: false; readonly message: string };

/** Collects the script's option lines; defines are returned separately. */
export function scriptOptions(lines: readonly OptionLine[]): { options: Map<string, string | true>; defines: Map<string, string> } {
  const options = new Map<string, string | true>();
  const defines = new Map<string, string>();
  for (const line of lines) {
    const v = line.value;
    if (v === undefined) options.set(line.name, true);
    else if (v.kind === 'define') defines.set(v.name, v.value);
    else options.set(line.name, v.text);
  }
  return { options, defines };
}

const IP_VERSIONS: readonly IpVersion[] = ['ipv4', 'ipv6', 'ipv4-mapped-ipv6'];

/** Merges script options with command-line options (which win) into a RunConfig. */
export function plan(script: OptionValues, cli: OptionValues, defines: ReadonlyMap<string, string>): PlanResult {
  const merged = new Map<string, string | true>([...script, ...cli]);
  const ipText = merged.get('ip_version') ?? 'ipv4';
  if (ipText === true || !IP_VERSIONS.includes(ipText as IpVersion)) {
    return { ok: false, message: `--ip_version must be one of ${IP_VERSIONS.join(', ')}` };
  }
  let cfg: RunConfig = { ...defaultConfig(ipText as IpVersion), defines };
  for (const [name, value] of merged) {
    if (name === 'ip_version' || name === 'define') continue;
    const next = applyOption(cfg, name, value);
    if (typeof next === 'string') return { ok: false, message: next };
    cfg = next;
  }
  return { ok: true, config: cfg };
}

function int(name: string, value: string | true, min: number, max: number): number | string {
  if (value === true) return `--${name} needs a value`;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) return `--${name}=${value}: expected an integer from ${min} to ${max}`;
  return n;
}

function num(name: string, value: string | true, min: number, max: number): number | string {
  if (value === true) return `--${name} needs a value`;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) return `--${name}=${value}: expected a number from ${min} to ${max}`;
  return n;
}

function str(name: string, value: string | true): string | { error: string } {
  return value === true ? { error: `--${name} needs a value` } : value;
}

/** One option applied to a config; a string result is an error message. */
function applyOption(cfg: RunConfig, name: string, value: string | true): RunConfig | string {
  const flag = value === true || value === '1' || value === 'true';
  // Parsed numbers go in; a string from int()/num() is the error message.
  const set = (key: 'bindPort' | 'connectPort' | 'mtu' | 'mss' | 'toleranceUsecs' | 'tolerancePercent' | 'tcpTsTickUsecs', v: number | string): RunConfig | string =>
    typeof v === 'string' ? v : { ...cfg, [key]: v };
  const text = (key: 'localIp' | 'gatewayIp' | 'netmaskIp' | 'codeCommand'): RunConfig | string => {
    const s = str(name, value);
    return typeof s === 'string' ? { ...cfg, [key]: s } : s.error;
  };
  switch (name) {
    case 'local_ip': return text('localIp');
    case 'gateway_ip': return text('gatewayIp');
    case 'netmask_ip': return text('netmaskIp');
    case 'code_command': return text('codeCommand');
    case 'remote_ip': return remoteIp(cfg, value);
    case 'bind_port': return set('bindPort', int(name, value, 0, 65535));
    case 'connect_port': return set('connectPort', int(name, value, 0, 65535));
    case 'mtu': return set('mtu', int(name, value, 68, 65535));
    case 'mss': return set('mss', int(name, value, 0, 65535));
    case 'tolerance_usecs': return set('toleranceUsecs', int(name, value, 1, 2 ** 31));
    case 'tolerance_percent': return set('tolerancePercent', num(name, value, 0, 100));
    case 'tcp_ts_tick_usecs': return set('tcpTsTickUsecs', int(name, value, 0, 1_000_000));
    case 'tcp_ts_ecr_scaled': return { ...cfg, tcpTsEcrScaled: flag };
    case 'strict_segments': return { ...cfg, strictSegments: flag };
    case 'strict': return { ...cfg, strict: flag };
    case 'send_omit_free': return { ...cfg, sendOmitFree: flag };
    case 'is_anyip': return { ...cfg, isAnyIp: flag };
    case 'verbose': return { ...cfg, verbose: flag };
    case 'non_fatal': {
      const s = str(name, value);
      if (typeof s !== 'string') return s.error;
      return { ...cfg, nonFatalPacket: s.split(',').includes('packet') };
    }
    case 'init_scripts': {
      const s = str(name, value);
      return typeof s === 'string' ? { ...cfg, initScripts: s.split(',') } : s.error;
    }
    // Accepted for compatibility; they change nothing in a local run (§9).
    case 'code_format': case 'code_sockopt': case 'speed': case 'dry_run': case 'debug':
      return cfg;
    default:
      return `option '--${name}' is not supported by tcpdrill`;
  }
}

function remoteIp(cfg: RunConfig, value: string | true): RunConfig | string {
  if (value === true) return '--remote_ip needs a value';
  const [addr, len] = value.split('/');
  if (addr === undefined || addr === '') return `--remote_ip=${value}: expected an address`;
  const maxLen = addr.includes(':') ? 128 : 32;
  const prefix = len === undefined ? maxLen : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > maxLen) return `--remote_ip=${value}: bad prefix length`;
  return { ...cfg, remoteIp: addr, remotePrefix: prefix };
}
