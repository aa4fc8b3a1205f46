/**
 * The composer's text with `addition` appended as its own paragraph (Add Selection to Chat). The host applies it to
 * the draft it keeps and each open view to the text it shows, so both end up the same.
 */
export function appendToDraft(current: string, addition: string): string {
  if (current.length === 0) return addition;
  const separator = current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  return current + separator + addition;
}
