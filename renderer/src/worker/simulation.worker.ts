import { serveSimulation } from '../../../shared/runtime/simulation-service';
import { systemClock } from '../../../shared/runtime/system-clock';

// Web Worker entry of the web edition: the same protocol as the desktop worker thread.
serveSimulation(
  {
    postMessage: (message) => self.postMessage(message),
    onMessage: (listener) => self.addEventListener('message', (event) => listener(event.data)),
  },
  systemClock,
);
