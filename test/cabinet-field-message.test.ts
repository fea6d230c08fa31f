import { fieldErrors } from '../web/cabinet/field-errors';
import { fieldMessage } from '../web/cabinet/field-message';
import { MESSAGES } from '../web/cabinet/messages';
import type { ApiError } from '../web/client';
import { insertCustomer } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The cabinet's words for a field the API refused, from the API's real refusals of the cabinet's own request
 * (UpdateMyProfile, its input a variable): the scalar's form or length in the customer's language, else the API's text.
 */

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp();
  token = await app.customerToken((await insertCustomer(app.dataSource)).id);
});
afterAll(() => app.close());

/** What the cabinet shows beside each field for this change of the profile. */
async function shownFor(input: Record<string, unknown>, language: 'az' | 'en'): Promise<Record<string, string>> {
  const answer = await app.graphql(`mutation ($input: UpdateProfileInput!) { updateMyProfile(input: $input) { id } }`, {
    token,
    variables: { input },
  });
  const errors = (answer.errors ?? []) as ApiError[];
  return Object.fromEntries([...fieldErrors(errors, 'input')].map(([field, message]) => [field, fieldMessage(message, MESSAGES[language])]));
}

it.each([
  [{ email: 'not an address' }, 'email', 'Write an email address such as name@example.az.'],
  [{ phone: '+99455' }, 'phone', 'Write the number in international form: "+", the country code and the number, digits only (e.g. +994501234567).'],
  [{ phone: '+9945512345678901234' }, 'phone', 'At most 16 characters.'],
  [{ dateOfBirth: '17.05.1990' }, 'dateOfBirth', 'Write the date as YYYY-MM-DD (e.g. 1990-05-17).'],
  [{ address: { city: 'Bakı', country: 'QQ' } }, 'address.country', 'Write the country as its two-letter code (e.g. AZ).'],
])('says why %j was refused, in English, beside its field', async (input, field, text) => {
  expect(await shownFor(input, 'en')).toEqual({ [field]: text });
});

it('says it in Azerbaijani too', async () => {
  expect(await shownFor({ phone: '+9945512345678901234' }, 'az')).toEqual({ phone: 'Ən çox 16 simvol.' });
  expect(await shownFor({ email: 'not an address' }, 'az')).toEqual({ email: 'E-poçt ünvanını name@example.az kimi yazın.' });
});

it("says a length the string bound on every argument refuses in the customer's words too", async () => {
  expect(await shownFor({ fullName: 'x'.repeat(5000) }, 'az')).toEqual({ fullName: 'Ən çox 1000 simvol.' });
});

it("shows the API's own message where it names no form or length (here a control character)", async () => {
  const shown = await shownFor({ fullName: 'Aysel\u0007' }, 'en');
  expect(Object.keys(shown)).toEqual(['fullName']);
  expect(shown.fullName).toMatch(/^Argument "input\.fullName" must not contain /);
});
