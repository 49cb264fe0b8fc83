import { AfterviewError, defaultProfilePath, renderContext, startPreview } from '../index.js';
import type { CliIO, Printer } from './io.js';
import { type ContextArgs, loadMessages } from './messages.js';
import { commandTemplates } from './templates-option.js';

export interface PreviewArgs extends ContextArgs {
  open: boolean;
}

/** Resolves on Ctrl-C (or a terminate signal): the preview runs until then. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `afterview preview`: serves the page, prints its address, opens it unless --no-open, and runs until stopped. */
export async function previewCommand(
  args: PreviewArgs,
  io: CliIO,
  print: Printer,
  stopped: Promise<void> = untilStopped(),
): Promise<number> {
  if (args.context.includes('-')) {
    throw new AfterviewError(
      'USAGE',
      'The preview re-reads its context files when they change, so it cannot read standard input ("-"). Give a file.',
    );
  }
  const { templates } = await commandTemplates(args, io.env);
  const profile = args.profile ?? io.env.AFTERVIEW_PROFILE ?? defaultProfilePath(io.env);
  const preview = await startPreview({
    template: args.template,
    // Everything read afresh each time: the context, the profile and the templates folder.
    load: async () => {
      const { gathered, options } = await loadMessages(args, io);
      return renderContext(args.template, gathered.context, options);
    },
    watch: [...args.context, profile, ...(templates?.folder ? [templates.folder.dir] : [])],
  });
  print.out(preview.url);
  print.info('The page reloads when the context, the profile or a template changes. Press Ctrl-C to stop.');
  if (args.open) {
    // Loaded only to open the page.
    const { default: open } = await import('open');
    await open(preview.url).catch(() => print.warn(`Could not open a browser; open ${preview.url} yourself.`));
  }
  await stopped;
  await preview.close();
  return 0;
}
