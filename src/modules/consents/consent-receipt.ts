import { CONTROLLER } from '../../policy/controller';
import type { ConsentEvent } from './consent.entity';
import { ConsentStatus } from './consent.enums';

export interface ReceiptSubject {
  consentId: string;
  customerId: string;
  purpose: { code: string; title: string; description: string };
  recipient: { id: string; name: string; kind: string; country: string } | null;
  /** Data categories the recipient may receive; for the company itself, every category. */
  piiCategories: readonly string[];
  /** Oldest first; the last event is the consent's current state. */
  events: readonly Pick<ConsentEvent, 'status' | 'source' | 'policyVersion' | 'occurredAt'>[];
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * A consent receipt after the Kantara Initiative Consent Receipt Specification v1.1 (field names as there),
 * with the ISO/IEC 27560 record's state, policy version and history beside them: who consented, to what
 * purpose, for which recipient, when, under which policy version, and how it was withdrawn.
 */
export function buildConsentReceipt(subject: ReceiptSubject): Record<string, unknown> {
  const current = subject.events.at(-1);
  const lastGrant = [...subject.events].reverse().find((event) => event.status === ConsentStatus.GRANTED);
  const withdrawal = current?.status === ConsentStatus.WITHDRAWN ? current : null;
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: CONTROLLER.jurisdiction,
    consentTimestamp: lastGrant ? seconds(lastGrant.occurredAt) : null,
    collectionMethod: lastGrant?.source ?? null,
    consentReceiptID: subject.consentId,
    language: 'az',
    piiPrincipalId: subject.customerId,
    piiControllers: [{ piiController: CONTROLLER.name, onBehalf: false }],
    policyUrl: null,
    services: [
      {
        service: `${CONTROLLER.name} services`,
        purposes: [
          {
            purpose: subject.purpose.title,
            purposeCategory: [subject.purpose.code],
            consentType: 'EXPLICIT',
            piiCategory: [...subject.piiCategories],
            primaryPurpose: false,
            termination: 'Until withdrawn by the customer in the personal cabinet',
            thirdPartyDisclosure: subject.recipient !== null,
            thirdPartyName: subject.recipient?.name ?? null,
          },
        ],
      },
    ],
    sensitive: false,
    spiCat: [],
    // ISO/IEC 27560 record fields
    recordState: current?.status ?? null,
    policyVersion: current?.policyVersion ?? null,
    recipient: subject.recipient,
    withdrawal: withdrawal ? { at: withdrawal.occurredAt.toISOString(), method: withdrawal.source } : null,
    history: subject.events.map((event) => ({
      event: event.status,
      at: event.occurredAt.toISOString(),
      method: event.source,
      policyVersion: event.policyVersion,
    })),
  };
}
