/**
 * Answers made comparable: two callers in the same position must get the same answer once what differs by
 * construction (their ids, their addresses, the moment) is written as a placeholder.
 */

/** The answer as JSON, each given value (whatever its letter case) written as its placeholder. */
export function withPlaceholders(answer: unknown, placeholders: Record<string, string>): string {
  let text = JSON.stringify(answer);
  for (const [value, placeholder] of Object.entries(placeholders)) {
    text = text.replace(new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), placeholder);
  }
  return text;
}

/** Instants, as GraphQL (`…Z`) or PostgreSQL's JSON (`…+00:00`) prints them, written as <time>. */
export function withoutTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>');
}

/** Every UUID written as <uuid>. */
export function withoutUuids(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
}
