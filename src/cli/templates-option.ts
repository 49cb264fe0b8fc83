import { dirname, resolve } from 'node:path';
import { findProfile, type LoadedProfile, TemplateSet, templateFolderPath } from '../index.js';

/** The profile and the templates a command works with: --templates, else the profile's, else the default folder. */
export async function commandTemplates(
  args: { templates?: string | undefined; profile?: string | undefined },
  env: NodeJS.ProcessEnv,
): Promise<{ profile: LoadedProfile | undefined; templates: TemplateSet | undefined }> {
  const profile = await findProfile(args.profile, env);
  const fromProfile = profile?.profile.templates === undefined ? undefined : resolve(dirname(profile.path), profile.profile.templates);
  const folder = templateFolderPath(args.templates, fromProfile, env);
  return { profile, templates: folder === undefined ? undefined : new TemplateSet({ folder, env }) };
}
