// The local state machine, one rule at a time, with the segments that must not move it.
import t from 'tap';
import { LocalState, type SegmentFacts, type TcpStateName } from '../../src/record/tcp-state.js';

const none: SegmentFacts = { syn: false, ack: false, fin: false, rst: false, acksOurFin: false, acksOurSyn: false, finInOrder: false };
const f = (o: Partial<SegmentFacts>): SegmentFacts => ({ ...none, ...o });

type Step = ['local' | 'remote' | 'close-rst', SegmentFacts, TcpStateName];
const cases: { name: string; from: TcpStateName; steps: Step[] }[] = [
  { name: 'passive open', from: 'TCP_LISTEN', steps: [['remote', f({ syn: true }), 'TCP_LISTEN'], ['local', f({ syn: true, ack: true }), 'TCP_SYN_RECV'], ['remote', f({ ack: true, acksOurSyn: true }), 'TCP_ESTABLISHED']] },
  { name: 'active open', from: 'TCP_CLOSE', steps: [['local', f({ syn: true }), 'TCP_SYN_SENT'], ['remote', f({ syn: true, ack: true, acksOurSyn: true }), 'TCP_ESTABLISHED']] },
  { name: 'old duplicate SYN-ACK', from: 'TCP_SYN_SENT', steps: [['remote', f({ syn: true, ack: true }), 'TCP_SYN_SENT'], ['local', f({ rst: true }), 'TCP_SYN_SENT']] },
  { name: 'simultaneous open', from: 'TCP_SYN_SENT', steps: [['remote', f({ syn: true }), 'TCP_SYN_SENT'], ['local', f({ syn: true, ack: true }), 'TCP_SYN_RECV'], ['remote', f({ syn: true, ack: true, acksOurSyn: true }), 'TCP_ESTABLISHED']] },
  { name: 'four-way close', from: 'TCP_ESTABLISHED', steps: [['local', f({ fin: true, ack: true, finInOrder: true }), 'TCP_FIN_WAIT1'], ['remote', f({ ack: true, acksOurFin: true }), 'TCP_FIN_WAIT2'], ['remote', f({ ack: true, fin: true, finInOrder: true, acksOurFin: true }), 'TCP_TIME_WAIT']] },
  { name: 'three-way close', from: 'TCP_FIN_WAIT1', steps: [['remote', f({ ack: true, fin: true, finInOrder: true, acksOurFin: true }), 'TCP_TIME_WAIT']] },
  { name: 'simultaneous close', from: 'TCP_FIN_WAIT1', steps: [['remote', f({ ack: true, fin: true, finInOrder: true }), 'TCP_CLOSING'], ['remote', f({ ack: true, acksOurFin: true }), 'TCP_TIME_WAIT']] },
  { name: 'passive close', from: 'TCP_ESTABLISHED', steps: [['remote', f({ ack: true, fin: true, finInOrder: true }), 'TCP_CLOSE_WAIT'], ['local', f({ fin: true, ack: true, finInOrder: true }), 'TCP_LAST_ACK'], ['remote', f({ ack: true, acksOurFin: true }), 'TCP_CLOSE']] },
  { name: 'a FIN without ACK is dropped', from: 'TCP_ESTABLISHED', steps: [['remote', f({ fin: true, finInOrder: true }), 'TCP_ESTABLISHED']] },
  { name: 'an out-of-order FIN waits', from: 'TCP_ESTABLISHED', steps: [['remote', f({ ack: true, fin: true }), 'TCP_ESTABLISHED']] },
  { name: 'RST received', from: 'TCP_ESTABLISHED', steps: [['remote', f({ rst: true }), 'TCP_CLOSE']] },
  { name: 'RST to a listener is ignored', from: 'TCP_LISTEN', steps: [['remote', f({ rst: true }), 'TCP_LISTEN']] },
  { name: 'RST from close()', from: 'TCP_ESTABLISHED', steps: [['close-rst', f({ rst: true, ack: true }), 'TCP_CLOSE']] },
  { name: 'a RST answering a late FIN: the connection was gone', from: 'TCP_TIME_WAIT', steps: [['local', f({ rst: true }), 'TCP_CLOSE']] },
  { name: 'TIME_WAIT re-ACKs a retransmitted FIN', from: 'TCP_TIME_WAIT', steps: [['remote', f({ ack: true, fin: true }), 'TCP_TIME_WAIT'], ['local', f({ ack: true }), 'TCP_TIME_WAIT']] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const s = new LocalState(c.from);
    for (const [who, facts, want] of c.steps) {
      if (who === 'remote') s.onRemote(facts);
      else s.onLocal(facts, who === 'close-rst');
      t.equal(s.state, want);
    }
  });
}
