/**
 * Every text of the cabinet, one object per language. The texts a browser test finds things by (roles and accessible
 * names) are fixed by the cabinet contract; change them only together with test/cabinet*.test.ts.
 */
import type { ConsentStatus, ErrorCode, PrivacyRequestStatus, PrivacyRequestType } from '../client';

export type Language = 'az' | 'en';
export const LANGUAGES: readonly Language[] = ['az', 'en'];
/** Each language is named in itself, in both languages. */
export const LANGUAGE_NAMES: Record<Language, string> = { az: 'Azərbaycanca', en: 'English' };

export type SectionId = 'data' | 'consents' | 'accessLog' | 'requests' | 'policy';
export const SECTIONS: readonly SectionId[] = ['data', 'consents', 'accessLog', 'requests', 'policy'];

export type ProfileField = 'fullName' | 'email' | 'phone' | 'dateOfBirth' | 'street' | 'city' | 'postalCode' | 'country';

/** Some of the API's error codes, as strings: a name that is not an `ErrorCode` does not compile. */
type ErrorCodesAmong<Codes extends ErrorCode> = Codes;

/** Why the policy refused a recipient's read: the codes a refused read's `reason` takes (the policy's DenialReason). */
export type ReadRefusalCode = ErrorCodesAmong<
  | 'CONSENT_REQUIRED'
  | 'PURPOSE_REQUIRED'
  | 'PURPOSE_NOT_ALLOWED'
  | 'CATEGORY_NOT_ALLOWED'
  | 'PROCESSOR_NOT_TRUSTED'
  | 'PROCESSOR_INACTIVE'
  | 'AGREEMENT_NOT_ACCEPTED'
  | 'CUSTOMER_ERASED'
  | 'FORBIDDEN'
>;

export interface Messages {
  title: string;
  language: string;
  refresh: string;
  all: string;
  dates: { months: readonly string[]; day: (day: number, month: string, year: string) => string; moment: (day: string, time: string) => string };
  signIn: { heading: string; token: string; button: string; demoCustomers: string; demoIntro: string; signOut: string; refused: string };
  sections: Record<SectionId, string>;
  profile: {
    fields: Record<ProfileField, string>;
    address: string;
    save: string;
    saved: string;
    pendingEmail: (address: string) => string;
    emailCode: string;
    confirmEmail: string;
    emailConfirmed: string;
    erased: string;
  };
  /** A field the API's scalar refused, in the customer's language (see field-message.ts). */
  fieldErrors: {
    tooLong: (limit: number) => string;
    /** The form's status line when fields are marked. */
    checkFields: string;
    /** By the scalar's GraphQL name. */
    forms: Partial<Record<string, string>>;
  };
  consents: {
    intro: string;
    company: string;
    granted: string;
    withdrawn: string;
    notGiven: string;
    grant: string;
    withdraw: string;
    downloadReceipt: string;
    history: string;
    /** Worded apart from the state texts, so that a search for the state finds the state alone. */
    historyEvents: Record<ConsentStatus, string>;
  };
  accessLog: {
    heading: string;
    intro: string;
    recipient: string;
    purpose: string;
    who: string;
    basis: string;
    fields: string;
    when: string;
    proof: string;
    officer: string;
    customer: string;
    byConsent: string;
    byLegalGround: (ground: string, reference: string) => string;
    byOfficer: string;
    byAccessRequest: string;
    verify: string;
    verified: string;
    notVerified: string;
    notSealed: string;
    none: string;
    refusedHeading: string;
    refusedIntro: string;
    reason: string;
    refusalReasons: Record<ReadRefusalCode, string>;
    refusedNone: string;
  };
  requests: {
    newRequest: string;
    type: string;
    types: Record<PrivacyRequestType, string>;
    statuses: Record<PrivacyRequestStatus, string>;
    changesIntro: string;
    submit: string;
    submitted: string;
    list: string;
    none: string;
    submittedAt: string;
    dueAt: string;
    overdue: string;
    closedAt: string;
    changedFields: string;
    fee: string;
    feeAccepted: string;
    acceptFee: string;
    refusal: string;
    oneTimeCode: string;
    confirmCode: string;
    codeConfirmed: string;
    downloadExport: string;
    exportDownloaded: string;
    history: string;
  };
  policy: { purposes: string; grounds: string; section: (section: string) => string; consentRequired: string; consentNotRequired: string };
}

const az: Messages = {
  title: 'Allprint — şəxsi kabinet',
  language: 'Dil',
  refresh: 'Yenilə',
  all: 'Hamısı',
  dates: {
    months: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'],
    day: (day, month, year) => `${day} ${month} ${year}`,
    moment: (day, time) => `${day}, ${time}`,
  },
  signIn: {
    heading: 'Daxil olun',
    token: 'Müştəri tokeni',
    button: 'Daxil ol',
    demoCustomers: 'Demo müştərilər',
    demoIntro: 'Bu demo serverdə müştərilərdən birini seçib daxil ola bilərsiniz.',
    signOut: 'Çıxış',
    refused: 'Server bu tokeni qəbul etmədi; yenidən daxil olun.',
  },
  sections: {
    data: 'Məlumatlarım',
    consents: 'Razılıqlarım',
    accessLog: 'Məlumatlarımı kim oxuyub',
    requests: 'Müraciətlərim',
    policy: 'Məxfilik siyasəti',
  },
  profile: {
    fields: {
      fullName: 'Ad və soyad',
      email: 'E-poçt',
      phone: 'Telefon',
      dateOfBirth: 'Doğum tarixi',
      street: 'Küçə',
      city: 'Şəhər',
      postalCode: 'Poçt indeksi',
      country: 'Ölkə',
    },
    address: 'Ünvan',
    save: 'Yadda saxla',
    saved: 'Yadda saxlanıldı',
    pendingEmail: (address) => `Yeni e-poçt ${address} ünvanına göndərilən kodla təsdiqlənməyi gözləyir.`,
    emailCode: 'E-poçt kodu',
    confirmEmail: 'E-poçtu təsdiqlə',
    emailConfirmed: 'E-poçt təsdiqləndi',
    erased: 'Məlumatlarınız silinib.',
  },
  fieldErrors: {
    tooLong: (limit) => `Ən çox ${limit} simvol.`,
    checkFields: 'Qeyd olunmuş sahələri düzəldin.',
    forms: {
      PhoneNumber: 'Nömrəni beynəlxalq formada yazın: "+", ölkə kodu və nömrə, yalnız rəqəmlər (məs. +994501234567).',
      EmailAddress: 'E-poçt ünvanını name@example.az kimi yazın.',
      CountryCode: 'Ölkəni iki hərfli kodu ilə yazın (məs. AZ).',
      LocalDate: 'Tarixi İİİİ-AA-GG formasında yazın (məs. 1990-05-17).',
    },
  },
  consents: {
    intro: 'Hər məqsəd və alıcı üçün razılığınızı verə və ya geri götürə bilərsiniz.',
    company: 'Allprint',
    granted: 'Verilib',
    withdrawn: 'Geri götürülüb',
    notGiven: 'Verilməyib',
    grant: 'Razılıq ver',
    withdraw: 'Geri götür',
    downloadReceipt: 'Qəbzi yüklə',
    history: 'Tarixçə',
    historyEvents: { GRANTED: 'Razılıq verildi', WITHDRAWN: 'Razılıq geri götürüldü' },
  },
  accessLog: {
    heading: 'Məlumatlarımı kim oxuyub',
    intro: 'Son 100 oxunuş. Hər birinin şirkətin imzaladığı jurnalda olduğunu brauzerinizdə yoxlaya bilərsiniz.',
    recipient: 'Alıcı',
    purpose: 'Məqsəd',
    who: 'Kim',
    basis: 'Əsas',
    fields: 'Sahələr',
    when: 'Nə vaxt',
    proof: 'Sübut',
    officer: 'Məxfilik məsulu',
    customer: 'Siz',
    byConsent: 'Razılıq',
    byLegalGround: (ground, reference) => `Qanuni əsas: ${ground} (${reference})`,
    byOfficer: 'Məxfilik məsulu',
    byAccessRequest: 'Giriş müraciəti',
    verify: 'Yoxla',
    verified: 'Təsdiqləndi',
    notVerified: 'Təsdiqlənmədi',
    notSealed: 'Hələ möhürlənməyib',
    none: 'Məlumatlarınızı heç kim oxumayıb.',
    refusedHeading: 'Rədd edilmiş oxumalar',
    refusedIntro: 'Siyasətin rədd etdiyi oxumalar: alıcıya heç nə verilməyib.',
    reason: 'Səbəb',
    refusalReasons: {
      CONSENT_REQUIRED: 'Bu məqsəd üçün razılıq yoxdur',
      PURPOSE_REQUIRED: 'Sorğuda məqsəd göstərilməyib',
      PURPOSE_NOT_ALLOWED: 'Alıcıya bu məqsəd üçün icazə verilməyib',
      CATEGORY_NOT_ALLOWED: 'Alıcıya bu növ məlumat üçün icazə verilməyib',
      PROCESSOR_NOT_TRUSTED: 'Alıcı etibarlı deyil',
      PROCESSOR_INACTIVE: 'Alıcı fəal deyil',
      AGREEMENT_NOT_ACCEPTED: 'Alıcı emal müqaviləsini qəbul etməyib',
      CUSTOMER_ERASED: 'Məlumatlarınız silinib',
      FORBIDDEN: 'Alıcının buna icazəsi yoxdur',
    },
    refusedNone: 'Rədd edilmiş oxuma yoxdur.',
  },
  requests: {
    newRequest: 'Yeni müraciət',
    type: 'Müraciət növü',
    types: { ACCESS: 'Giriş', RECTIFICATION: 'Düzəliş', ERASURE: 'Silinmə' },
    statuses: {
      AWAITING_VERIFICATION: 'Kodun təsdiqi gözlənilir',
      AWAITING_FEE_ACCEPTANCE: 'Ödənişin qəbulu gözlənilir',
      VERIFIED: 'Təsdiqlənib',
      IN_PROGRESS: 'İcra olunur',
      COMPLETED: 'Tamamlanıb',
      REFUSED: 'Rədd edilib',
    },
    changesIntro: 'Düzəltmək istədiyiniz sahələri doldurun; boş sahələr dəyişmir.',
    submit: 'Müraciət et',
    submitted: 'Müraciət göndərildi; sizə birdəfəlik kod göndərildi.',
    list: 'Göndərilmiş müraciətlər',
    none: 'Hələ müraciətiniz yoxdur.',
    submittedAt: 'Göndərilib',
    dueAt: 'Son tarix',
    overdue: 'Vaxtı keçib',
    closedAt: 'Bağlanıb',
    changedFields: 'Dəyişən sahələr',
    fee: 'Ödəniş',
    feeAccepted: 'Qəbul edilib',
    acceptFee: 'Ödənişi qəbul et',
    refusal: 'İmtinanın səbəbi',
    oneTimeCode: 'Birdəfəlik kod',
    confirmCode: 'Kodu təsdiqlə',
    codeConfirmed: 'Kod təsdiqləndi',
    downloadExport: 'Məlumatlarımı yüklə',
    exportDownloaded: 'Məlumatlarınız yükləndi',
    history: 'Tarixçə',
  },
  policy: {
    purposes: 'Emal məqsədləri',
    grounds: 'Razılıq olmadan açıqlama əsasları',
    section: (section) => `Siyasət, ${section}`,
    consentRequired: 'Şirkətin özü üçün də razılıq tələb olunur.',
    consentNotRequired: 'Şirkətin özü üçün razılıq tələb olunmur; digər alıcılar üçün tələb olunur.',
  },
};

const en: Messages = {
  title: 'Allprint — personal cabinet',
  language: 'Language',
  refresh: 'Refresh',
  all: 'All',
  dates: {
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    day: (day, month, year) => `${day} ${month} ${year}`,
    moment: (day, time) => `${day}, ${time}`,
  },
  signIn: {
    heading: 'Sign in',
    token: 'Customer token',
    button: 'Sign in',
    demoCustomers: 'Demo customers',
    demoIntro: 'This demo server lets you sign in as one of its customers.',
    signOut: 'Sign out',
    refused: 'The server did not accept the token; please sign in again.',
  },
  sections: {
    data: 'My data',
    consents: 'My consents',
    accessLog: 'Who read my data',
    requests: 'My requests',
    policy: 'The policy',
  },
  profile: {
    fields: {
      fullName: 'Full name',
      email: 'Email',
      phone: 'Phone',
      dateOfBirth: 'Date of birth',
      street: 'Street',
      city: 'City',
      postalCode: 'Postal code',
      country: 'Country',
    },
    address: 'Address',
    save: 'Save',
    saved: 'Saved',
    pendingEmail: (address) => `The new email ${address} waits for the code sent to it.`,
    emailCode: 'Email code',
    confirmEmail: 'Confirm email',
    emailConfirmed: 'Email confirmed',
    erased: 'Your data has been erased.',
  },
  fieldErrors: {
    tooLong: (limit) => `At most ${limit} characters.`,
    checkFields: 'Correct the marked fields.',
    forms: {
      PhoneNumber: 'Write the number in international form: "+", the country code and the number, digits only (e.g. +994501234567).',
      EmailAddress: 'Write an email address such as name@example.az.',
      CountryCode: 'Write the country as its two-letter code (e.g. AZ).',
      LocalDate: 'Write the date as YYYY-MM-DD (e.g. 1990-05-17).',
    },
  },
  consents: {
    intro: 'Grant or withdraw your consent for each purpose and recipient.',
    company: 'Allprint',
    granted: 'Granted',
    withdrawn: 'Withdrawn',
    notGiven: 'Not given',
    grant: 'Grant',
    withdraw: 'Withdraw',
    downloadReceipt: 'Download receipt',
    history: 'History',
    historyEvents: { GRANTED: 'Consent given', WITHDRAWN: 'Consent taken back' },
  },
  accessLog: {
    heading: 'Who read my data',
    intro: 'The last 100 reads. Check in your browser that each is in the log the company signed.',
    recipient: 'Recipient',
    purpose: 'Purpose',
    who: 'Who',
    basis: 'Basis',
    fields: 'Fields',
    when: 'When',
    proof: 'Proof',
    officer: 'Privacy officer',
    customer: 'You',
    byConsent: 'Consent',
    byLegalGround: (ground, reference) => `Legal ground: ${ground} (${reference})`,
    byOfficer: 'Privacy officer',
    byAccessRequest: 'Access request',
    verify: 'Verify',
    verified: 'Verified',
    notVerified: 'Not verified',
    notSealed: 'Not sealed yet',
    none: 'Nobody has read your data.',
    refusedHeading: 'Refused reads',
    refusedIntro: 'Reads the policy refused: nothing was given to the recipient.',
    reason: 'Reason',
    refusalReasons: {
      CONSENT_REQUIRED: 'No consent for this purpose',
      PURPOSE_REQUIRED: 'The request named no purpose',
      PURPOSE_NOT_ALLOWED: 'The recipient is not allowed this purpose',
      CATEGORY_NOT_ALLOWED: 'The recipient is not allowed this kind of data',
      PROCESSOR_NOT_TRUSTED: 'The recipient is not trusted',
      PROCESSOR_INACTIVE: 'The recipient is not active',
      AGREEMENT_NOT_ACCEPTED: 'The recipient has not accepted the processing agreement',
      CUSTOMER_ERASED: 'Your data was erased',
      FORBIDDEN: 'The recipient may not do this',
    },
    refusedNone: 'No refused reads.',
  },
  requests: {
    newRequest: 'New request',
    type: 'Request type',
    types: { ACCESS: 'Access', RECTIFICATION: 'Correction', ERASURE: 'Deletion' },
    statuses: {
      AWAITING_VERIFICATION: 'Waiting for the code',
      AWAITING_FEE_ACCEPTANCE: 'Waiting for the fee to be accepted',
      VERIFIED: 'Verified',
      IN_PROGRESS: 'In progress',
      COMPLETED: 'Completed',
      REFUSED: 'Refused',
    },
    changesIntro: 'Fill in the fields to correct; empty fields stay as they are.',
    submit: 'Submit request',
    submitted: 'Request submitted; a one-time code was sent to you.',
    list: 'Requests filed',
    none: 'No requests yet.',
    submittedAt: 'Submitted',
    dueAt: 'Due',
    overdue: 'Overdue',
    closedAt: 'Closed',
    changedFields: 'Fields changed',
    fee: 'Fee',
    feeAccepted: 'Accepted',
    acceptFee: 'Accept the fee',
    refusal: 'Reason for refusal',
    oneTimeCode: 'One-time code',
    confirmCode: 'Confirm code',
    codeConfirmed: 'Code confirmed',
    downloadExport: 'Download my data',
    exportDownloaded: 'Your data was downloaded',
    history: 'History',
  },
  policy: {
    purposes: 'Purposes of processing',
    grounds: 'Grounds for disclosure without consent',
    section: (section) => `Policy ${section}`,
    consentRequired: 'Needs consent for the company itself too.',
    consentNotRequired: 'The company needs no consent for it; other recipients do.',
  },
};

export const MESSAGES: Record<Language, Messages> = { az, en };
