// Runs the e2e specs against the desktop app through Playwright's _electron, where an
// Electron binary exists. Electron downloads its binary on first start; on machines that
// cannot reach the download host (like this project's CI) there is none, and we say so.
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8')) : null;

if (!binary || !existsSync(binary)) {
  console.log(
    'Desktop e2e skipped: no Electron binary at node_modules/electron/dist (it is downloaded on first `npm start`, ' +
      'and this machine cannot reach the download host). The same specs ran against the web edition.',
  );
  process.exit(0);
}

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npx', ['electron-vite', 'build']);
const playwright = ['playwright', 'test', '--project=desktop'];
if (process.platform === 'linux' && !process.env.DISPLAY)
  run('xvfb-run', ['-a', 'npx', ...playwright], { VIRTLAB_E2E_DESKTOP: '1' });
else run('npx', playwright, { VIRTLAB_E2E_DESKTOP: '1' });
