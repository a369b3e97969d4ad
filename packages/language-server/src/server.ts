#!/usr/bin/env node
// The runnable entry: `node dist/server.js --stdio` (or `--node-ipc`, `--socket=N`).
import { startServer } from './start.js';

startServer();
