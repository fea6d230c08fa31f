import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { CURRENT_POLICY_VERSION } from '../../src/policy/controller';

/**
 * A JSON Lines file of customers as `npm run import` reads it, made from a seed with plain arithmetic: the same
 * seed and count give the same bytes. Every value passes the importer's checks: unique emails and references,
 * E.164 phones, past dates, Azerbaijani addresses, and two consents each with their evidence, one to the company
 * for NEW_SERVICES and one to a processor for PERSONALIZATION.
 */

/** A name as shown, and its ASCII form for the email address. */
type Name = readonly [shown: string, ascii: string];

const FEMALE: readonly Name[] = [
  ['Aysel', 'aysel'],
  ['Leyla', 'leyla'],
  ['Günay', 'gunay'],
  ['Nərmin', 'narmin'],
  ['Səbinə', 'sabina'],
  ['Aynur', 'aynur'],
  ['Könül', 'konul'],
  ['Fidan', 'fidan'],
  ['Xədicə', 'xadica'],
  ['Lalə', 'lala'],
  ['Nigar', 'nigar'],
  ['Türkan', 'turkan'],
  ['Ülviyyə', 'ulviyya'],
  ['Zəhra', 'zahra'],
  ['Mələk', 'malak'],
];
const MALE: readonly Name[] = [
  ['Rauf', 'rauf'],
  ['Elvin', 'elvin'],
  ['Tural', 'tural'],
  ['Orxan', 'orxan'],
  ['Kənan', 'kanan'],
  ['Murad', 'murad'],
  ['Rəşad', 'rashad'],
  ['Elçin', 'elchin'],
  ['Səbuhi', 'sabuhi'],
  ['Fərid', 'farid'],
  ['Nihad', 'nihad'],
  ['Cavid', 'javid'],
  ['Əli', 'ali'],
  ['Hüseyn', 'huseyn'],
  ['Vüqar', 'vugar'],
];
/** Surname stems; a woman's takes "a" (Məmmədov, Məmmədova). The -li and -zadə forms below do not change. */
const SURNAMES: readonly Name[] = [
  ['Məmmədov', 'mammadov'],
  ['Əliyev', 'aliyev'],
  ['Həsənov', 'hasanov'],
  ['Hüseynov', 'huseynov'],
  ['Quliyev', 'guliyev'],
  ['İsmayılov', 'ismayilov'],
  ['Abbasov', 'abbasov'],
  ['Rzayev', 'rzayev'],
  ['Babayev', 'babayev'],
  ['Kərimov', 'karimov'],
  ['Cəfərov', 'jafarov'],
  ['Süleymanov', 'suleymanov'],
];
const UNGENDERED_SURNAMES: readonly Name[] = [
  ['Nəsirli', 'nasirli'],
  ['Cəfərli', 'jafarli'],
  ['Qasımlı', 'gasimli'],
  ['Əlizadə', 'alizada'],
];

/** Cities with the first postal code of their range and how many codes it spans. */
const CITIES = [
  { city: 'Bakı', postal: 1000, span: 150, weight: 10 },
  { city: 'Gəncə', postal: 2000, span: 20, weight: 3 },
  { city: 'Sumqayıt', postal: 5000, span: 20, weight: 3 },
  { city: 'Mingəçevir', postal: 4500, span: 5, weight: 1 },
  { city: 'Lənkəran', postal: 4200, span: 5, weight: 1 },
  { city: 'Şəki', postal: 5500, span: 5, weight: 1 },
  { city: 'Naxçıvan', postal: 7000, span: 10, weight: 1 },
  { city: 'Quba', postal: 4000, span: 5, weight: 1 },
] as const;
const CITY_WHEEL = CITIES.flatMap((city) => Array<(typeof CITIES)[number]>(city.weight).fill(city));
const STREETS = [
  'Nizami küçəsi',
  'Füzuli küçəsi',
  'Azadlıq prospekti',
  'Neftçilər prospekti',
  'Səməd Vurğun küçəsi',
  'Üzeyir Hacıbəyov küçəsi',
  'Xətai prospekti',
  'Rəşid Behbudov küçəsi',
  'Atatürk prospekti',
  'Zərifə Əliyeva küçəsi',
];
const EMAIL_DOMAINS = ['mail.az', 'gmail.com', 'box.az', 'outlook.com', 'yahoo.com', 'allprint.az'];
/** Azerbaijani mobile operator codes after +994. */
const OPERATORS = ['50', '51', '55', '70', '77', '99', '10'];
const CHANNELS = ['WEB', 'MOBILE_APP', 'IN_STORE', 'CALL_CENTER'];

/** Consents are granted within these 900 days, all before the benchmark was written, so never in the future. */
const GRANTS_FROM = Date.UTC(2023, 0, 1);
const GRANT_WINDOW_SECONDS = 900 * 86_400;
const BIRTHS_FROM = Date.UTC(1950, 0, 1);
const BIRTH_WINDOW_DAYS = 55 * 365;

/** mulberry32: a small, fast PRNG; one stream per customer, from the seed and the customer's number. */
class Random {
  private state: number;

  constructor(seed: number, index: number) {
    this.state = (Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(seed + 1, 0x85ebca6b)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.below(values.length)];
  }
}

export interface GeneratorSettings {
  customers: number;
  seed: number;
  /** Active processors allowed PERSONALIZATION; each customer's second consent names one of them. */
  processorIds: readonly string[];
}

function fullName(random: Random): { shown: string; ascii: string } {
  const female = random.below(2) === 0;
  const [first, firstAscii] = random.pick(female ? FEMALE : MALE);
  if (random.below(5) === 0) {
    const [last, lastAscii] = random.pick(UNGENDERED_SURNAMES);
    return { shown: `${first} ${last}`, ascii: `${firstAscii}.${lastAscii}` };
  }
  const [stem, stemAscii] = random.pick(SURNAMES);
  const suffix = female ? 'a' : '';
  return { shown: `${first} ${stem}${suffix}`, ascii: `${firstAscii}.${stemAscii}${suffix}` };
}

function dateOfBirth(random: Random): string {
  return new Date(BIRTHS_FROM + random.below(BIRTH_WINDOW_DAYS) * 86_400_000).toISOString().slice(0, 10);
}

function address(random: Random): Record<string, string> {
  const place = random.pick(CITY_WHEEL);
  const building = 1 + random.below(180);
  const flat = random.below(3) === 0 ? '' : `, mənzil ${1 + random.below(120)}`;
  return {
    street: `${random.pick(STREETS)} ${building}${flat}`,
    city: place.city,
    postalCode: `AZ${place.postal + random.below(place.span)}`,
    country: 'AZ',
  };
}

function consent(random: Random, purpose: string, processorId: string | undefined, grantedMs: number, language: string) {
  // The policy text was on screen for a few seconds to a few minutes before the box was ticked.
  const shownAt = new Date(grantedMs - (5 + random.below(300)) * 1000).toISOString();
  const evidence = { policyVersion: CURRENT_POLICY_VERSION, language, channel: random.pick(CHANNELS), shownAt };
  return { purpose, ...(processorId ? { processorId } : {}), grantedAt: new Date(grantedMs).toISOString(), evidence };
}

/** Customer `index` (from 0) as one JSON object. */
export function customerRecord(index: number, settings: GeneratorSettings): Record<string, unknown> {
  const random = new Random(settings.seed, index);
  const name = fullName(random);
  const locale = random.below(5) === 0 ? 'en' : 'az';
  const number = index + 1;
  const grantedMs = GRANTS_FROM + random.below(GRANT_WINDOW_SECONDS) * 1000;
  return {
    externalRef: `CRM-${String(number).padStart(9, '0')}`,
    // The number keeps each email unique whatever the name drawn.
    email: `${name.ascii}.${number}@${random.pick(EMAIL_DOMAINS)}`,
    phone: `+994${random.pick(OPERATORS)}${String(number % 10_000_000).padStart(7, '0')}`,
    fullName: name.shown,
    dateOfBirth: dateOfBirth(random),
    locale,
    address: address(random),
    consents: [
      consent(random, 'NEW_SERVICES', undefined, grantedMs, locale),
      consent(random, 'PERSONALIZATION', random.pick(settings.processorIds), grantedMs + random.below(3600) * 1000, locale),
    ],
  };
}

const LINES_PER_WRITE = 2000;

/** Writes the file, waiting for the stream to drain so that memory stays flat; returns its size in bytes. */
export async function writeCustomerFile(file: string, settings: GeneratorSettings): Promise<number> {
  const out = createWriteStream(file);
  for (let start = 0; start < settings.customers; start += LINES_PER_WRITE) {
    const end = Math.min(settings.customers, start + LINES_PER_WRITE);
    let chunk = '';
    for (let index = start; index < end; index += 1) chunk += `${JSON.stringify(customerRecord(index, settings))}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return out.bytesWritten;
}
