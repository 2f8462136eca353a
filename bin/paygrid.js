#!/usr/bin/env node
// The `paygrid` command. Paygrid runs its TypeScript sources through tsx, so a
// clone needs no build step before `npm start` or `npx paygrid`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
