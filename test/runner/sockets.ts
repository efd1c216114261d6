// The socket under test (script-language.md §1.4): which connection packet lines
// talk about as connect(), sendto() with an address, listen() and AF_UNSPEC go by.
import t from 'tap';
import { defaultConfig } from '../../src/runner/config.js';
import { Sockets } from '../../src/runner/script/sockets.js';

const fresh = (): Sockets => {
  const s = new Sockets(defaultConfig('ipv4'));
  s.socketCreated(3, 'tcp');
  return s;
};

t.test('only a fresh socket starts connecting (packetdrill run_syscall_connect)', async (t) => {
  const s = fresh();
  s.connecting(3);
  const first = s.current();
  t.ok(first, 'connect() starts a connection');
  s.connecting(3);
  t.equal(s.current(), first, 'a second connect() or sendto() with an address keeps it');
});

t.test('a listening socket does not start connecting', async (t) => {
  const s = fresh();
  s.listening(3);
  s.connecting(3);
  t.equal(s.current(), undefined);
});

t.test('connect(AF_UNSPEC) makes the socket fresh again, even a listener', async (t) => {
  const s = fresh();
  s.connecting(3);
  const first = s.current();
  s.disconnected(3);
  t.equal(s.current(), undefined);
  s.connecting(3);
  t.not(s.current(), first, 'the next connect() starts a new connection');
  const l = fresh();
  l.listening(3);
  l.disconnected(3);
  l.connecting(3);
  t.ok(l.current());
});

t.test('an accepted socket disconnected and connecting again: its new connection is under test, its RST before that the old one', async (t) => {
  const s = fresh();
  s.listening(3);
  const child = s.forInbound(0);
  s.accepted(4);
  t.equal(s.current(), child, 'the accepted connection');
  s.disconnected(4);
  t.equal(s.current(), child, 'until the next connect(), the RST of tcp_disconnect is the old connection');
  s.connecting(4);
  const again = s.current();
  t.ok(again, 'connect() starts a connection');
  t.not(again, child, 'and packet lines follow it');
});
