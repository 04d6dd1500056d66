#!/usr/bin/env node
// Bin entry for `npx enrich`: loads the TypeScript CLI through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import('./enrich.ts');
