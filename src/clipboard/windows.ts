import { runTool } from './run-tool.js';
import type { Attempt, BackendInput } from './types.js';

/**
 * The Windows clipboard's HTML format (CF_HTML): a header giving the byte offsets of the
 * document and of the fragment in the UTF-8 text that follows.
 */
export function cfHtml(fragment: string): string {
  const before = '<html><body>\r\n<!--StartFragment-->';
  const after = '<!--EndFragment-->\r\n</body></html>';
  const template = (start: number, end: number, startFragment: number, endFragment: number) =>
    [
      'Version:0.9',
      `StartHTML:${pad(start)}`,
      `EndHTML:${pad(end)}`,
      `StartFragment:${pad(startFragment)}`,
      `EndFragment:${pad(endFragment)}`,
      '',
    ].join('\r\n');
  const headerLength = template(0, 0, 0, 0).length;
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  const startFragment = headerLength + bytes(before);
  const endFragment = startFragment + bytes(fragment);
  const end = endFragment + bytes(after);
  return `${template(headerLength, end, startFragment, endFragment)}${before}${fragment}${after}`;
}

function pad(offset: number): string {
  return String(offset).padStart(10, '0');
}

/**
 * Both flavours through .NET's clipboard from Windows PowerShell (present on every Windows and
 * reachable from WSL); the data arrives on standard input as base64 JSON, so that no value is
 * ever part of the script and no console code page can garble it.
 */
const POWERSHELL_SCRIPT = [
  'Add-Type -AssemblyName System.Windows.Forms',
  '$json = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadToEnd().Trim()))',
  '$content = ConvertFrom-Json $json',
  '$data = New-Object System.Windows.Forms.DataObject',
  'if ($content.html) { $data.SetData([System.Windows.Forms.DataFormats]::Html, [string]$content.html) }',
  '$data.SetData([System.Windows.Forms.DataFormats]::UnicodeText, [string]$content.text)',
  '[System.Windows.Forms.Clipboard]::SetDataObject($data, $true)',
].join('\n');

export function windowsAttempts({ content, env, timeoutMs }: BackendInput, { wsl }: { wsl: boolean }): Attempt[] {
  const html = content.html !== undefined;
  const label = html ? 'text/html and text/plain via powershell' : 'text/plain via powershell';
  const payload = Buffer.from(JSON.stringify({ html: html ? cfHtml(content.html!) : null, text: content.text }), 'utf8').toString('base64');
  return [
    {
      label,
      flavours: html ? ['text/html', 'text/plain'] : ['text/plain'],
      run: () =>
        runTool({
          label,
          command: wsl ? 'powershell.exe' : 'powershell',
          args: ['-NoProfile', '-NonInteractive', '-STA', '-EncodedCommand', Buffer.from(POWERSHELL_SCRIPT, 'utf16le').toString('base64')],
          input: payload,
          install: 'Windows PowerShell',
          env,
          timeoutMs,
        }),
    },
  ];
}
