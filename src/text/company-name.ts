/**
 * An employer's name as it reads inside a sentence. Most names take no article ("at Acme
 * Corp", "at Bank of America"), but a public body or a university named for what it is
 * does: "at the Office of the Chief Medical Examiner", "to join the University of
 * Toronto", "at the Metro County Public Health Department". Without it the sentence reads
 * as a form filled in. Only names that begin or end with such a word get one; any other
 * name, and one the user wrote with its article, is left as it is.
 */

// "Office of …", "University of …": named for what the body is, then whose or where.
const BODY_OF = new Set([
  'Office',
  'Department',
  'Ministry',
  'University',
  'City',
  'County',
  'State',
  'Government',
  'Museum',
  'Bureau',
  'Board',
  'Commonwealth',
  'Province',
  'Institute',
  'Council',
  'Commission',
  'Embassy',
  'Consulate',
]);
// "… Public Health Department", "… Transport Authority": a name ending in what the body is.
const BODY = new Set(['Department', 'Ministry', 'Bureau', 'Commission', 'Authority', 'Council']);

// Words looked up rather than patterns matched: V8 compiles a pattern on its first use and again
// on its second, which a cold `afterview render` paid for these three (about 0.2 ms).

/** Whether a sentence needs "the" before this name. */
export function takesArticle(name: string): boolean {
  // A name the user wrote with its article ("the Arts Council") keeps it, and takes no second one.
  if (name.slice(0, 4).toLowerCase() === 'the ') return false;
  const firstSpace = name.indexOf(' ');
  if (firstSpace < 0) return false;
  if (BODY_OF.has(name.slice(0, firstSpace)) && name.startsWith(' of ', firstSpace)) return true;
  return BODY.has(name.slice(name.lastIndexOf(' ') + 1));
}

/** The name with "the" before it where a sentence needs one ("the Office of …"), else as written. */
export function companyInSentence(name: string): string {
  return takesArticle(name) ? `the ${name}` : name;
}
