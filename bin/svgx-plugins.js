#!/usr/bin/env node
// Launcher only: the CLI lives in dist/cli/main.js (npm run build).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`svgx-plugins: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
