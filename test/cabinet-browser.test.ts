import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { PURPOSES } from '../src/policy/purposes';
import { launchChromium } from './support/browser';
import { eventually, openCabinet, problemsBesides, screenshot, seriousViolations, type CabinetPage } from './support/cabinet-browser';
import {
  affiliateReadsPhone,
  auditedReadsBy,
  consentingCustomers,
  consentStatus,
  onlyRequestOf,
  refusedReadsBy,
  seedCabinetDemo,
  storedPhone,
  type ConsentingCustomer,
} from './support/cabinet-scene';
import { codeSentFor, completeAsOfficer } from './support/privacy-requests';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The personal cabinet at /cabinet (issue 16) in headless Chromium, as a demo customer uses it, in English and in
 * Azerbaijani: sign in from the demo list, correct the phone (a bad one is refused beside the field), withdraw a
 * consent and see the affiliate's next read denied, absent from "Who read my data" and listed among its refused reads
 * with the reason, file an access request, confirm it with the code from the outbox, and download the export once the
 * privacy officer completes it. Nothing beyond this machine is reachable, and the page must need nothing from there.
 * Every section passes axe-core with no serious or critical violation; screenshots go to test-artifacts/cabinet/.
 *
 * The page is found by role and accessible name, with the texts the cabinet's contract fixes (written out here, not
 * imported from the app, so that a changed text fails this test).
 */

type Language = 'en' | 'az';

const TEXTS = {
  en: {
    language: 'Language',
    signInHeading: 'Sign in',
    tokenField: 'Customer token',
    signIn: 'Sign in',
    demoCustomers: 'Demo customers',
    signOut: 'Sign out',
    sections: {
      myData: 'My data',
      myConsents: 'My consents',
      accessLog: 'Who read my data',
      myRequests: 'My requests',
      policy: 'The policy',
    },
    fullName: 'Full name',
    phone: 'Phone',
    save: 'Save',
    saved: 'Saved',
    checkFields: 'Correct the marked fields.',
    badPhone: 'Write the number in international form: "+", the country code and the number, digits only (e.g. +994501234567).',
    withdraw: 'Withdraw',
    granted: 'Granted',
    withdrawn: 'Withdrawn',
    verify: 'Verify',
    verified: 'Verified',
    refusedReads: 'Refused reads',
    consentRequired: 'No consent for this purpose',
    requestType: 'Request type',
    access: 'Access',
    submitRequest: 'Submit request',
    oneTimeCode: 'One-time code',
    confirmCode: 'Confirm code',
    downloadExport: 'Download my data',
    refresh: 'Refresh',
  },
  az: {
    language: 'Dil',
    signInHeading: 'Daxil olun',
    tokenField: 'Müştəri tokeni',
    signIn: 'Daxil ol',
    demoCustomers: 'Demo müştərilər',
    signOut: 'Çıxış',
    sections: {
      myData: 'Məlumatlarım',
      myConsents: 'Razılıqlarım',
      accessLog: 'Məlumatlarımı kim oxuyub',
      myRequests: 'Müraciətlərim',
      policy: 'Məxfilik siyasəti',
    },
    fullName: 'Ad və soyad',
    phone: 'Telefon',
    save: 'Yadda saxla',
    saved: 'Yadda saxlanıldı',
    checkFields: 'Qeyd olunmuş sahələri düzəldin.',
    badPhone: 'Nömrəni beynəlxalq formada yazın: "+", ölkə kodu və nömrə, yalnız rəqəmlər (məs. +994501234567).',
    withdraw: 'Geri götür',
    granted: 'Verilib',
    withdrawn: 'Geri götürülüb',
    verify: 'Yoxla',
    verified: 'Təsdiqləndi',
    refusedReads: 'Rədd edilmiş oxumalar',
    consentRequired: 'Bu məqsəd üçün razılıq yoxdur',
    requestType: 'Müraciət növü',
    access: 'Giriş',
    submitRequest: 'Müraciət et',
    oneTimeCode: 'Birdəfəlik kod',
    confirmCode: 'Kodu təsdiqlə',
    downloadExport: 'Məlumatlarımı yüklə',
    refresh: 'Yenilə',
  },
} as const;
type Texts = (typeof TEXTS)[Language];

/** The names the language switch shows for its two options, the same in both languages. */
const LANGUAGE_NAMES: Record<Language, string> = { az: 'Azərbaycanca', en: 'English' };
const BAD_PHONE = '050 123 45 67';
/** A new phone for each walk-through, so that each export is told apart by it. */
const NEW_PHONES: Record<Language, string> = { en: '+994501234567', az: '+994551234567' };

let app: TestApp;
let browser: Browser;
let origin: string;
let officer: string;
/** The two customers walked through, one per language; chosen once the demo data is in. */
const walkers = new Map<Language, ConsentingCustomer>();

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), launchChromium()]);
  origin = new URL(app.url).origin;
  officer = await app.tokenFor('privacy_officer');
  await seedCabinetDemo(app);
  const listed = await demoCustomerIds();
  const candidates = (await consentingCustomers(app)).filter((customer) => listed.has(customer.id));
  expect(candidates.length).toBeGreaterThanOrEqual(2);
  walkers.set('en', candidates[0]);
  walkers.set('az', candidates[1]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The customers the demo sign-in offers, as the page fetches them. */
async function demoCustomerIds(): Promise<Set<string>> {
  const response = await fetch(`${origin}/cabinet/demo/customers`);
  expect(response.status).toBe(200);
  const { customers } = (await response.json()) as { customers: Array<{ id: string; fullName: string }> };
  return new Set(customers.map((customer) => customer.id));
}

function purposeTitle(code: string, language: Language): string {
  const purpose = PURPOSES.find((candidate) => candidate.key === code);
  if (!purpose) throw new Error(`no purpose ${code}`);
  return purpose.name[language];
}

/** The section's screenshot, and axe-core's verdict on it. */
async function inspect(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

async function openSection(page: Page, name: string): Promise<void> {
  const button = page.getByRole('navigation').getByRole('button', { name, exact: true });
  await button.click();
  await eventually(async () => expect(['page', 'true']).toContain(await button.getAttribute('aria-current')));
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** The text of the elements an input's aria-describedby names. */
async function descriptionOf(page: Page, input: Locator): Promise<string> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => textOf(page.locator(`[id="${id}"]`))));
  return texts.join(' ');
}

/**
 * The API's own message for the bad phone, as the cabinet's request (UpdateMyProfile, its input a variable) gets it:
 * a value the scalar refuses, named by its path in the message (a literal would carry it as `argumentPath`).
 */
async function apiMessageForBadPhone(customerId: string): Promise<string> {
  const answer = await app.graphql(`mutation ($input: UpdateProfileInput!) { updateMyProfile(input: $input) { id } }`, {
    token: await app.customerToken(customerId),
    variables: { input: { phone: BAD_PHONE } },
  });
  const error = answer.errors?.find((candidate) => candidate.extensions?.code === 'BAD_USER_INPUT' && candidate.message.includes('at "input.phone"'));
  if (!error) throw new Error(`no error on the phone: ${JSON.stringify(answer)}`);
  return error.message;
}

async function chooseLanguage(page: Page, language: Language, t: Texts): Promise<void> {
  // Azerbaijani is the default: a fresh profile opens in it.
  const fresh = page.getByRole('combobox', { name: TEXTS.az.language, exact: true });
  await eventually(async () => expect(await fresh.inputValue()).toBe('az'));
  expect(await textOf(fresh.locator('option:checked'))).toBe(LANGUAGE_NAMES.az);
  if (language !== 'az') {
    await fresh.selectOption(language);
    // The choice is remembered.
    await page.reload();
  }
  const languageSwitch = page.getByRole('combobox', { name: t.language, exact: true });
  await eventually(async () => expect(await languageSwitch.inputValue()).toBe(language));
  expect(await textOf(languageSwitch.locator('option:checked'))).toBe(LANGUAGE_NAMES[language]);
  expect(await page.locator('html').getAttribute('lang')).toBe(language);
}

async function signInFromDemoList(page: Page, language: Language, t: Texts, customer: ConsentingCustomer): Promise<void> {
  await page.getByRole('heading', { name: t.signInHeading, exact: true }).waitFor();
  await page.getByRole('textbox', { name: t.tokenField, exact: true }).waitFor();
  const demo = page.getByRole('region', { name: t.demoCustomers, exact: true });
  const me = demo.getByRole('button', { name: customer.fullName, exact: true });
  await me.waitFor();
  await inspect(page, `${language}-sign-in`);
  await me.click();
  await page.getByRole('button', { name: t.signOut, exact: true }).waitFor();
}

async function editPhone(page: Page, language: Language, t: Texts, customer: ConsentingCustomer): Promise<void> {
  await openSection(page, t.sections.myData);
  await eventually(async () => expect(await page.getByRole('textbox', { name: t.fullName, exact: true }).inputValue()).toBe(customer.fullName));
  const phone = page.getByRole('textbox', { name: t.phone, exact: true });
  expect(await phone.inputValue()).toBe(customer.phone ?? '');
  await inspect(page, `${language}-my-data`);

  // The API refuses the field by its form, without the value; the cabinet says the same in the customer's language.
  expect(await apiMessageForBadPhone(customer.id)).toMatch(/ at "input\.phone": PhoneNumber must be in E\.164 form: /);
  await phone.fill(BAD_PHONE);
  await page.getByRole('button', { name: t.save, exact: true }).click();
  await eventually(async () => expect(await phone.getAttribute('aria-invalid')).toBe('true'));
  expect(await descriptionOf(page, phone)).toBe(t.badPhone);
  await page.getByRole('status').filter({ hasText: t.checkFields }).waitFor();
  expect(await storedPhone(app, customer.id)).toBe(customer.phone);
  await inspect(page, `${language}-my-data-invalid-phone`);

  await phone.fill(NEW_PHONES[language]);
  await page.getByRole('button', { name: t.save, exact: true }).click();
  await page.getByRole('status').filter({ hasText: t.saved }).waitFor();
  expect(await phone.getAttribute('aria-invalid')).not.toBe('true');
  expect(await storedPhone(app, customer.id)).toBe(NEW_PHONES[language]);
}

/** Withdraws the consent in the cabinet; the affiliate, which read the phone just before, is denied its next read. */
async function withdrawConsent(page: Page, language: Language, t: Texts, customer: ConsentingCustomer, partner: string): Promise<void> {
  expect(await affiliateReadsPhone(app, partner, customer.id)).toEqual({ phone: NEW_PHONES[language] });
  const readsAllowed = await auditedReadsBy(app, customer.id, customer.processorId);
  expect(readsAllowed).toBe(1);

  await openSection(page, t.sections.myConsents);
  const consent = page.getByRole('region', { name: `${purposeTitle(customer.purpose, language)} · ${customer.processorName}`, exact: true });
  await consent.getByText(t.granted, { exact: true }).waitFor();
  await inspect(page, `${language}-my-consents`);
  await consent.getByRole('button', { name: t.withdraw, exact: true }).click();
  await consent.getByText(t.withdrawn, { exact: true }).waitFor();
  expect(await consentStatus(app, customer.consentId)).toBe('WITHDRAWN');

  expect(await affiliateReadsPhone(app, partner, customer.id)).toEqual({ phone: null, deniedWith: 'CONSENT_REQUIRED' });
  expect(await auditedReadsBy(app, customer.id, customer.processorId)).toBe(readsAllowed);
  expect(await refusedReadsBy(app, customer.id, customer.processorId)).toBe(1);
}

/**
 * The allowed read is a row of "Who read my data", whose inclusion in the signed log verifies; the denied one is not,
 * and is the one row of "Refused reads" for the affiliate instead: the phone, refused for want of consent.
 */
async function checkAccessLog(page: Page, language: Language, t: Texts, customer: ConsentingCustomer): Promise<void> {
  await app.sealAuditLog();
  await openSection(page, t.sections.accessLog);
  const log = page.getByRole('table', { name: t.sections.accessLog, exact: true });
  const partnerRows = log.getByRole('row').filter({ hasText: customer.processorName });
  await partnerRows.first().waitFor();
  expect(await partnerRows.count()).toBe(await auditedReadsBy(app, customer.id, customer.processorId));
  const read = partnerRows.first();
  expect(await textOf(read)).toContain(purposeTitle(customer.purpose, language));
  await read.getByRole('button', { name: t.verify, exact: true }).click();
  await read.getByText(t.verified, { exact: true }).waitFor();

  await page.getByRole('heading', { name: t.refusedReads, exact: true }).waitFor();
  const refused = page.getByRole('table', { name: t.refusedReads, exact: true });
  const refusedRows = refused.getByRole('row').filter({ hasText: customer.processorName });
  await refusedRows.first().waitFor();
  expect(await refusedRows.count()).toBe(1);
  const cells = await refusedRows.first().getByRole('cell').allTextContents();
  expect(cells.slice(0, 4)).toEqual([customer.processorName, purposeTitle(customer.purpose, language), t.consentRequired, t.phone]);
  await inspect(page, `${language}-access-log`);
}

/** Files an access request, confirms it with the code sent, and downloads the export the officer's completion made. */
async function requestAccess(page: Page, language: Language, t: Texts, customer: ConsentingCustomer): Promise<void> {
  await openSection(page, t.sections.myRequests);
  await page.getByRole('combobox', { name: t.requestType, exact: true }).selectOption({ label: t.access });
  await page.getByRole('button', { name: t.submitRequest, exact: true }).click();
  const awaiting = page.getByRole('region', { name: `${t.access} · AWAITING_VERIFICATION`, exact: true });
  await awaiting.waitFor();
  const request = await onlyRequestOf(app, customer.id, 'ACCESS');
  expect(request.status).toBe('AWAITING_VERIFICATION');
  await inspect(page, `${language}-my-requests`);

  await awaiting.getByRole('textbox', { name: t.oneTimeCode, exact: true }).fill(await codeSentFor(app, request.id));
  await awaiting.getByRole('button', { name: t.confirmCode, exact: true }).click();
  await page.getByRole('region', { name: `${t.access} · VERIFIED`, exact: true }).waitFor();
  expect((await onlyRequestOf(app, customer.id, 'ACCESS')).status).toBe('VERIFIED');

  await completeAsOfficer(app, officer, request.id);
  await page.getByRole('button', { name: t.refresh, exact: true }).click();
  const completed = page.getByRole('region', { name: `${t.access} · COMPLETED`, exact: true });
  const downloaded = page.waitForEvent('download');
  await completed.getByRole('button', { name: t.downloadExport, exact: true }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe(`export-${request.id}.json`);
  // The export as the API built it when the officer completed the request: the corrected phone, the withdrawal.
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as Record<string, unknown>;
  expect(exported).toMatchObject({
    format: 'privacy-hub access export v1',
    profile: { id: customer.id, fullName: customer.fullName, phone: NEW_PHONES[language] },
    consents: expect.arrayContaining([expect.objectContaining({ id: customer.consentId, status: 'WITHDRAWN' })]),
    recipients: [expect.objectContaining({ id: customer.processorId, fields: ['phone'] })],
    requests: [expect.objectContaining({ id: request.id, type: 'ACCESS', status: 'COMPLETED' })],
  });
  await inspect(page, `${language}-my-requests-completed`);
}

/** Every problem the page reported, and every request it tried to send off this machine: none expected. */
function expectNothingAmiss(cabinet: CabinetPage, expectedStatuses: number[]): void {
  expect(problemsBesides(cabinet.problems, expectedStatuses)).toEqual([]);
  expect(cabinet.offMachine).toEqual([]);
}

describe.each<Language>(['en', 'az'])('the personal cabinet in %s', (language) => {
  const t = TEXTS[language];

  it('lets a demo customer correct their phone, withdraw a consent, see who read their data and download their export', async () => {
    const customer = walkers.get(language)!;
    const partner = await app.affiliateToken(customer.processorId, [customer.purpose]);
    const cabinet = await openCabinet(browser, origin);
    const { page } = cabinet;

    await chooseLanguage(page, language, t);
    await signInFromDemoList(page, language, t, customer);
    await editPhone(page, language, t, customer);
    await withdrawConsent(page, language, t, customer, partner);
    await checkAccessLog(page, language, t, customer);
    await requestAccess(page, language, t, customer);
    await openSection(page, t.sections.policy);
    await inspect(page, `${language}-policy`);

    await page.getByRole('button', { name: t.signOut, exact: true }).click();
    await page.getByRole('heading', { name: t.signInHeading, exact: true }).waitFor();
    // The refused phone was a 400 from /graphql, which Chromium logs.
    expectNothingAmiss(cabinet, [400]);
    await cabinet.context.close();
  }, 60_000);
});

describe('the personal cabinet fails closed', () => {
  const t = TEXTS.en;

  async function signInWithToken(page: Page, token: string): Promise<void> {
    await page.getByRole('textbox', { name: t.tokenField, exact: true }).fill(token);
    await page.getByRole('button', { name: t.signIn, exact: true }).click();
  }

  async function expectSignInWithError(page: Page): Promise<void> {
    await page.getByRole('alert').waitFor();
    expect(await textOf(page.getByRole('alert'))).not.toBe('');
    await page.getByRole('heading', { name: t.signInHeading, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: t.signOut, exact: true }).count()).toBe(0);
  }

  it('shows the sign-in again, with an error, for a garbage token and for one that expired', async () => {
    const customer = walkers.get('en')!;
    const cabinet = await openCabinet(browser, origin);
    const { page } = cabinet;
    await chooseLanguage(page, 'en', t);

    await signInWithToken(page, 'not-a-token');
    await expectSignInWithError(page);

    // Valid for the sign-in (5 s leaves room for a loaded machine), expired by the next request.
    const signedAt = Date.now();
    await signInWithToken(page, await app.token({ role: 'customer', sub: customer.id }, '5s'));
    await page.getByRole('button', { name: t.signOut, exact: true }).waitFor();
    await page.waitForTimeout(Math.max(0, signedAt + 5_500 - Date.now()));
    await page.getByRole('navigation').getByRole('button', { name: t.sections.myConsents, exact: true }).click();
    await expectSignInWithError(page);
    await screenshot(page, 'en-expired-token');

    // Both tokens were refused with 401 by /graphql, which Chromium logs.
    expectNothingAmiss(cabinet, [401]);
    await cabinet.context.close();
  }, 30_000);
});
