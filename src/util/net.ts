import net from 'node:net';

/**
 * A free TCP port on the host, chosen below the range the OS hands out for
 * outgoing connections (32768–60999 on Linux): a port taken from that range
 * can be given to some outgoing connection between this check and the
 * caller's bind, which made restarted test services fail now and then.
 * Falls back to whatever port the OS picks.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = 10_000 + Math.floor(Math.random() * 22_000);
    if (await canBind(candidate, host)) return candidate;
  }
  return bindAndRelease(0, host);
}

function canBind(port: number, host: string): Promise<boolean> {
  return bindAndRelease(port, host).then(
    () => true,
    () => false,
  );
}

/** Binds `port` (0: any), then releases it; resolves with the port bound. */
function bindAndRelease(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
