/**
 * An employer's name as it reads inside a sentence. Most names take no article ("at Acme
 * Corp", "at Bank of America"), but a public body or a university named for what it is
 * does: "at the Office of the Chief Medical Examiner", "to join the University of
 * Toronto", "at the Metro County Public Health Department". Without it the sentence reads
 * as a form filled in. Only names that begin or end with such a word get one; any other
 * name, and one the user wrote with its article, is left as it is.
 */

// "Office of …", "University of …": named for what the body is, then whose or where.
const BODY_OF =
  /^(?:Office|Department|Ministry|University|City|County|State|Government|Museum|Bureau|Board|Commonwealth|Province|Institute|Council|Commission|Embassy|Consulate) of /;
// "… Public Health Department", "… Transport Authority": a name ending in what the body is.
const BODY = / (?:Department|Ministry|Bureau|Commission|Authority|Council)$/;

// A name the user wrote with its article ("the Arts Council") keeps it, and takes no second one.
const WITH_ARTICLE = /^the /i;

/** Whether a sentence needs "the" before this name. */
export function takesArticle(name: string): boolean {
  return !WITH_ARTICLE.test(name) && (BODY_OF.test(name) || BODY.test(name));
}

/** The name with "the" before it where a sentence needs one ("the Office of …"), else as written. */
export function companyInSentence(name: string): string {
  return takesArticle(name) ? `the ${name}` : name;
}
