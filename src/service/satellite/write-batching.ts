/**
 * Frames a connection sends during one turn of the event loop leave in one
 * socket write: its socket is corked at the first frame and uncorked, with
 * every other corked socket, once the turn's I/O callbacks are done. When
 * the service keeps up, a turn carries one transaction and nothing changes;
 * when it falls behind, each connection catches up on several transactions
 * per system call instead of one, which is what lets a thousand connections
 * keep pace.
 */
import type WebSocket from 'ws';

interface Corkable {
  cork(): void;
  uncork(): void;
}

const corked = new Set<Corkable>();
let scheduled = false;

/** Holds `ws`'s writes until the end of this turn (a no-op when its socket cannot be corked). */
export function batchWritesThisTurn(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket?: Partial<Corkable> })._socket;
  if (!socket || typeof socket.cork !== 'function' || typeof socket.uncork !== 'function') return;
  if (corked.has(socket as Corkable)) return;
  socket.cork();
  corked.add(socket as Corkable);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  scheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}
