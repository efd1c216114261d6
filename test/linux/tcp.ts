import t from 'tap';
import { TCP_FLAG_ACK, TCP_STATES } from '../../src/linux/tcp.js';

t.test('flag bits follow the header layout', async (t) => {
  t.equal(TCP_FLAG_ACK, 0x10);
  t.equal(TCP_STATES.TCP_CLOSING, 11);
});
