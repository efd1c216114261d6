// src/linux/tcp.ts against facts outside it: the state numbers against what this kernel
// reports in /proc/net/tcp for real sockets, the state names against those the script
// language accepts, and the flag bits against the 9-bit flags field they share.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { TCP_STATE_NAMES } from '../../src/grammar/ast.js';
import * as tcp from '../../src/linux/tcp.js';

/** The kernel's state number for the IPv4 socket bound to 127.0.0.1:`port` and talking to `remotePort` (0: none). */
function kernelState(port: number, remotePort: number): number | undefined {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  const local = `0100007F:${hex(port)}`;
  const remote = remotePort === 0 ? '00000000:0000' : `0100007F:${hex(remotePort)}`;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, l, r, st] = line.trim().split(/\s+/);
    if (l === local && r === remote) return parseInt(st!, 16);
  }
  return undefined;
}

/** Poll until the kernel reports `want` (state changes after close() are asynchronous). */
async function settle(port: number, remotePort: number, want: number): Promise<number | undefined> {
  for (let i = 0; i < 100 && kernelState(port, remotePort) !== want; i++) await new Promise((r) => setTimeout(r, 10));
  return kernelState(port, remotePort);
}

t.test('state numbers are the ones this kernel reports (include/net/tcp_states.h)', async (t) => {
  const server = createServer({ allowHalfOpen: true }); // the peer closes only when told
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  t.equal(kernelState(port, 0), tcp.TCP_STATES.TCP_LISTEN, 'listening socket');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [peer] = await accepted;
  const clientPort = client.localPort!;
  t.equal(kernelState(clientPort, port), tcp.TCP_STATES.TCP_ESTABLISHED, 'connected client');
  client.end(); // our FIN: the client waits for the peer's, the peer must close
  t.equal(await settle(clientPort, port, tcp.TCP_STATES.TCP_FIN_WAIT2), tcp.TCP_STATES.TCP_FIN_WAIT2, 'half-closed client');
  t.equal(await settle(port, clientPort, tcp.TCP_STATES.TCP_CLOSE_WAIT), tcp.TCP_STATES.TCP_CLOSE_WAIT, "peer that received the client's FIN");
  peer.end();
  t.equal(await settle(clientPort, port, tcp.TCP_STATES.TCP_TIME_WAIT), tcp.TCP_STATES.TCP_TIME_WAIT, 'client after both FINs');
  peer.destroy();
  client.destroy();
  server.close();
});

t.test('every state a script may assert is a kernel state', async (t) => {
  for (const name of TCP_STATE_NAMES) t.ok(Object.hasOwn(tcp.TCP_STATES, name), name);
});

t.test('the flag bits are distinct and fill the 9-bit flags field', async (t) => {
  const bits = [
    tcp.TCP_FLAG_FIN, tcp.TCP_FLAG_SYN, tcp.TCP_FLAG_RST, tcp.TCP_FLAG_PSH, tcp.TCP_FLAG_ACK,
    tcp.TCP_FLAG_URG, tcp.TCP_FLAG_ECE, tcp.TCP_FLAG_CWR, tcp.TCP_FLAG_AE,
  ];
  t.same(bits, bits.map((_, i) => 1 << i), 'FIN is the lowest bit, AE the highest, in header order');
});
