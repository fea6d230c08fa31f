import type { Term } from './vocabulary';

/**
 * Categories of personal data held about a customer. Keys are dotted: a parent (`contact`) covers its
 * children (`contact.email`), so a processor granted `contact` may receive every contact field.
 */
export const DATA_CATEGORIES = [
  {
    key: 'contact',
    name: { az: 'Əlaqə məlumatları', en: 'Contact data' },
    description: { az: 'Sifarişçi ilə əlaqə saxlamaq üçün məlumatlar.', en: 'Data used to reach the customer.' },
  },
  {
    key: 'contact.email',
    name: { az: 'Elektron poçt ünvanı', en: 'Email address' },
    description: { az: 'Sifarişçinin elektron poçt ünvanı.', en: "The customer's email address." },
  },
  {
    key: 'contact.phone',
    name: { az: 'Telefon nömrəsi', en: 'Phone number' },
    description: { az: 'Sifarişçinin telefon nömrəsi.', en: "The customer's phone number." },
  },
  {
    key: 'identity',
    name: { az: 'Şəxsiyyət məlumatları', en: 'Identity data' },
    description: { az: 'Sifarişçinin şəxsiyyətini müəyyən edən məlumatlar.', en: 'Data that identifies the customer as a person.' },
  },
  {
    key: 'identity.name',
    name: { az: 'Ad və soyad', en: 'Full name' },
    description: { az: 'Sifarişçinin tam adı.', en: "The customer's full name." },
  },
  {
    key: 'identity.date_of_birth',
    name: { az: 'Doğum tarixi', en: 'Date of birth' },
    description: { az: 'Sifarişçinin doğum tarixi.', en: "The customer's date of birth." },
  },
  {
    key: 'location',
    name: { az: 'Yer məlumatları', en: 'Location data' },
    description: { az: 'Sifarişçinin olduğu yerə dair məlumatlar.', en: 'Data about where the customer is.' },
  },
  {
    key: 'location.address',
    name: { az: 'Poçt ünvanı', en: 'Postal address' },
    description: { az: 'Küçə, şəhər, poçt indeksi və ölkə.', en: 'Street, city, postal code and country.' },
  },
] as const satisfies readonly Term[];

export type DataCategory = (typeof DATA_CATEGORIES)[number]['key'];

export const DATA_CATEGORY_KEYS: readonly DataCategory[] = DATA_CATEGORIES.map((category) => category.key);

/** True when `granted` is `category` itself or one of its ancestors. */
export function categoryCovers(granted: string, category: string): boolean {
  return category === granted || category.startsWith(`${granted}.`);
}
