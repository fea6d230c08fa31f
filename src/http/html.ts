/** Text for an HTML attribute or element of a page the server writes: every character that could end it, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
