import { parentPort } from 'node:worker_threads';
import { serveSimulation } from '../../shared/runtime/simulation-service';
import { systemClock } from '../../shared/runtime/system-clock';

// worker_threads entry of the desktop app: the same protocol as the web edition's Web Worker.
if (!parentPort) throw new Error('simulation.worker must run inside a worker thread');
const port = parentPort;
serveSimulation(
  {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
  },
  systemClock,
);
