import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { parse } from 'yaml';
import { renderContext } from '../src/render/render.js';
it('dump', async () => {
  const dir = new URL('./corpus/', import.meta.url);
  let out = '';
  for (const file of readdirSync(dir).sort()) {
    const context = parse(readFileSync(new URL(file, dir), 'utf8'));
    const messages = await renderContext(file.split('.')[0]!, context, { today: '2026-11-25' });
    for (const m of messages) {
      out += `\n######## ${file} → ${m.to.name}\nSUBJECT (${m.subject.length}): ${m.subject}\n\n${m.text}\n\nSHORT (${[...m.message].length}): ${m.message}\nWARNINGS: ${JSON.stringify(m.warnings)}\n`;
    }
  }
  writeFileSync('/tmp/words/corpus.txt', out);
});
