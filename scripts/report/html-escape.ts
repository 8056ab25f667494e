// Escaping for the report: every value that reaches the page goes through one of these.
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (character) => entities[character] as string);
}

/** A relative artifact path as an href: each segment encoded, so a name cannot break out. */
export function artifactHref(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
