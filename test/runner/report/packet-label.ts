// Arrow labels: options shortened, padding dropped, nothing else touched.
import t from 'tap';
import { clip, shortPacketLabel, withoutTime } from '../../../src/runner/report/packet-label.js';

t.test('options are shortened and nops dropped', async (t) => {
  const cases = [
    ['S. 0:0(0) ack 1 win 64240 <mss 1460,nop,nop,sackOK,nop,wscale 10>', 'S. 0:0(0) ack 1 win 64240 <mss 1460,sackOK,ws 10>'],
    ['. 1:1(0) ack 1 <nop,nop,TS val 12345 ecr 678>', '. 1:1(0) ack 1 <TS>'],
    ['. 1:1(0) ack 1 <nop,nop,sack 1001:2001 3001:4001>', '. 1:1(0) ack 1 <sack 1001:2001 3001:4001>'],
    ['S 0:0(0) <md5 00ff,FO 0a0b,FOEXP>', 'S 0:0(0) <md5,FO,FOEXP>'],
    ['. 1:1(0) ack 1 <nop,eol>', '. 1:1(0) ack 1'],
    ['S 0:0(0) <...>', 'S 0:0(0) <...>'],
    ['F. 1:1(0) ack 1 win 514', 'F. 1:1(0) ack 1 win 514'],
  ] as const;
  for (const [full, short] of cases) t.equal(shortPacketLabel(full), short, full);
});

t.test('clip and the time column', async (t) => {
  t.equal(clip('abcdef', 6), 'abcdef');
  t.equal(clip('abcdefg', 6), 'abcde…');
  t.equal(withoutTime('+0    accept(3, ..., ...) = 4'), 'accept(3, ..., ...) = 4');
  t.equal(withoutTime('0.1...0.2 read(4, ..., 10) = 10'), 'read(4, ..., 10) = 10');
  t.equal(withoutTime('*  > . 1:1(0) ack 21'), '> . 1:1(0) ack 21');
  t.equal(withoutTime('+.01~+.02 > F. 1:1(0)'), '> F. 1:1(0)');
});
