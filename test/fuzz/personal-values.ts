import type { DataSource } from 'typeorm';

/** The data categories of the customer's personal fields (src/policy/data-categories.ts), as the oracle names them. */
export const CATEGORIES = ['contact.email', 'contact.phone', 'identity.name', 'identity.date_of_birth', 'location.address'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Shorter strings are too likely to occur by chance in an answer (a country code, a locale, a year): they are
 * not looked for. The seeded values are all longer, and distinctive.
 */
const MIN_NEEDLE_LENGTH = 6;

export interface PersonalNeedle {
  customerId: string;
  category: Category;
  text: string;
}

interface CustomerValues {
  id: string;
  email: string | null;
  phone: string | null;
  full_name: string | null;
  date_of_birth: string | null;
  address_street: string | null;
  address_city: string | null;
  address_postal_code: string | null;
}

/** The forms of a value worth looking for: itself, and the parts of it that identify the person on their own. */
function formsOf(category: Category, value: string): string[] {
  if (category === 'contact.email') return [value, value.split('@')[0]];
  if (category === 'contact.phone') return [value, value.replace(/\D/g, '')];
  return [value];
}

/**
 * Every personal value any customer has held during the run, read straight from the database (never through the
 * API under test), by customer and category. Values are only added: once a customer's, a value stays theirs to guard.
 */
export class PersonalValues {
  /** By lowercase text: a value that comes back in another case is still that value. */
  private readonly owners = new Map<string, Map<string, PersonalNeedle>>();

  add(customerId: string, category: Category, value: string | null): void {
    if (value === null) return;
    for (const form of formsOf(category, value)) {
      const text = form.toLowerCase();
      if (text.length < MIN_NEEDLE_LENGTH) continue;
      let owners = this.owners.get(text);
      if (!owners) this.owners.set(text, (owners = new Map()));
      owners.set(`${customerId}|${category}`, { customerId, category, text });
    }
  }

  async refresh(dataSource: DataSource): Promise<void> {
    const rows = (await dataSource.query(
      `SELECT id, email, phone, full_name, date_of_birth::text AS date_of_birth, address_street, address_city, address_postal_code
       FROM customer`,
    )) as CustomerValues[];
    for (const row of rows) {
      this.add(row.id, 'contact.email', row.email);
      this.add(row.id, 'contact.phone', row.phone);
      this.add(row.id, 'identity.name', row.full_name);
      this.add(row.id, 'identity.date_of_birth', row.date_of_birth);
      for (const part of [row.address_street, row.address_city, row.address_postal_code]) this.add(row.id, 'location.address', part);
    }
  }

  /**
   * The values found in `body`, split by whether the principal may see them. A text two customers hold (a postal
   * code, say) is a leak only when the principal may read it of neither: seeing one's own is not seeing the other's.
   */
  find(body: string, mayRead: (customerId: string, category: Category) => boolean): { leaked: PersonalNeedle[]; allowed: PersonalNeedle[] } {
    const haystack = body.toLowerCase();
    // JSON may escape non-ASCII letters (\u0259 for ə): decode them so that an escaped value is found too.
    const decoded = haystack.includes('\\u')
      ? haystack.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      : haystack;
    const leaked: PersonalNeedle[] = [];
    const allowed: PersonalNeedle[] = [];
    for (const [text, owners] of this.owners) {
      if (!haystack.includes(text) && !decoded.includes(text)) continue;
      const holders = [...owners.values()];
      (holders.some((owner) => mayRead(owner.customerId, owner.category)) ? allowed : leaked).push(...holders);
    }
    return { leaked, allowed };
  }
}
