// `npm run dev`: the backend restarting on every change (tsx watch, on port 3001) and the web app
// with hot reload (Vite, on port 3000, forwarding /api, /trpc and /healthz to the backend), so the
// whole thing is at http://localhost:3000 as in production. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const BACKEND_PORT = process.env.PROMPTSTACK_DEV_BACKEND_PORT ?? '3001';
// The same data folder `npm start` uses (npx would otherwise resolve it from server/).
const DATA_DIR = resolve(process.env.INIT_CWD ?? process.cwd(), process.env.PROMPTSTACK_DATA_DIR ?? '.promptstack');
const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'src/main.ts'], {
    cwd: new URL('../server/', import.meta.url),
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: BACKEND_PORT,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? 'http://localhost:3000',
      NODE_ENV: 'development',
      PROMPTSTACK_DATA_DIR: DATA_DIR,
    },
  }),
  spawn('npx', ['vite', '--port', '3000', '--strictPort'], {
    cwd: new URL('../web/', import.meta.url),
    stdio: 'inherit',
    env: { ...process.env, PROMPTSTACK_BACKEND: `http://localhost:${BACKEND_PORT}` },
  }),
];
function stop() {
  for (const child of children) child.kill('SIGTERM');
}
for (const child of children) {
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
