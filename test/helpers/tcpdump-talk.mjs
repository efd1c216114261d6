// A short TCP conversation on 127.0.0.1:8080 for the tcpdump test, paced so that
// every segment stands alone: the client sends 100 bytes, the server answers 200,
// the client closes, and the server closes 50 ms after reading end-of-stream.
import net from 'node:net';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const server = net.createServer({ allowHalfOpen: true }, (sock) => {
  sock.once('data', async () => {
    await sleep(20);
    sock.write(Buffer.alloc(200));
  });
  sock.on('end', async () => {
    await sleep(50);
    sock.end();
    server.close();
  });
});
server.listen(8080, '127.0.0.1', async () => {
  const client = net.connect({ port: 8080, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise((r) => client.once('connect', r));
  await sleep(50);
  client.write(Buffer.alloc(100));
  await new Promise((r) => client.once('data', r));
  await sleep(50);
  client.end();
  client.on('end', () => client.destroy());
});
