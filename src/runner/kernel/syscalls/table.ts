// The dispatch table of supported calls (script-language.md §7.3). A missing entry is a
// compile error (style.md (d)).
import * as data from './handlers-data.js';
import * as events from './handlers-events.js';
import * as files from './handlers-files.js';
import * as refused from './handlers-refused.js';
import * as sock from './handlers-socket.js';
import { SYSCALL_NAMES, type Handler, type SyscallName } from './types.js';

export const syscalls: { readonly [K in SyscallName]: Handler } = {
  socket: sock.socket,
  bind: sock.bind,
  listen: sock.listen,
  accept: sock.accept,
  connect: sock.connect,
  close: sock.close,
  shutdown: sock.shutdown,
  fcntl: sock.fcntl,
  ioctl: sock.ioctl,
  getsockopt: sock.getsockopt,
  setsockopt: sock.setsockopt,
  read: data.read,
  readv: data.readv,
  recv: data.recv,
  recvfrom: data.recvfrom,
  recvmsg: data.recvmsg,
  write: data.write,
  writev: data.writev,
  send: data.send,
  sendto: data.sendto,
  sendmsg: data.sendmsg,
  poll: events.poll,
  epoll_create: events.epoll_create,
  epoll_ctl: events.epoll_ctl,
  epoll_wait: events.epoll_wait,
  pipe: files.pipe,
  splice: files.splice,
  sendfile: files.sendfile,
  open: files.open,
  cap_set: refused.cap_set,
  psp_rx_assoc: refused.psp_rx_assoc,
  psp_tx_assoc: refused.psp_tx_assoc,
};

export function isSyscallName(name: string): name is SyscallName {
  return (SYSCALL_NAMES as readonly string[]).includes(name);
}
