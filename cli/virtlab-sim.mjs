#!/usr/bin/env node
// Launcher for the `virtlab-sim` bin: registers tsx (a devDependency, present after
// `npm ci`) so Node can load the TypeScript sources, then runs the CLI.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs');
require('./main.ts');
