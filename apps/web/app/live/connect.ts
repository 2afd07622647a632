import type { ClientToServerEvents, ServerToClientEvents } from '@commonplace/live-events';
import type { ManagerOptions, Socket } from 'socket.io-client';

/** A socket typed by the live-event contract the server sends (`@commonplace/live-events`). */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens a socket.io connection once the page is idle: after the load event and the browser's next
 * idle period, so the live-update client (socket.io-client, its own chunk) never competes with
 * what the reader came for, and pages without anything live never fetch it.
 *
 * WebSocket first, in one round trip; long polling only when WebSocket fails (`tryAllTransports`),
 * e.g. behind a proxy that refuses the upgrade.
 */
export function connectWhenIdle(options: Partial<ManagerOptions>, onSocket: (socket: LiveSocket) => void): () => void {
  let stopped = false;
  let socket: LiveSocket | undefined;
  const cancelIdle = whenIdle(() => {
    void import('socket.io-client').then(({ io }) => {
      if (stopped) return;
      socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], tryAllTransports: true, ...options });
      onSocket(socket);
    });
  });
  return () => {
    stopped = true;
    cancelIdle();
    socket?.close();
  };
}

/** Calls `run` after the load event, in the next idle period (soon anyway: within two seconds). */
function whenIdle(run: () => void): () => void {
  let cancel = () => {};
  const afterLoad = () => {
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(run, { timeout: 2000 });
      cancel = () => window.cancelIdleCallback(handle);
    } else {
      const timer = setTimeout(run, 200);
      cancel = () => clearTimeout(timer);
    }
  };
  if (document.readyState === 'complete') {
    afterLoad();
    return () => cancel();
  }
  window.addEventListener('load', afterLoad, { once: true });
  return () => {
    window.removeEventListener('load', afterLoad);
    cancel();
  };
}
