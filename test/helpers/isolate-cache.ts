import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every test file's process gets a cache folder of its own: what the library keeps there
// (compiled MJML, the holiday answers) never comes from, or goes to, the developer's own.
process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'afterview-test-cache-'));
