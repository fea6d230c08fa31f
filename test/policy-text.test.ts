import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DISCLOSURE_GROUNDS } from '../src/policy/disclosure-grounds';
import { PURPOSES } from '../src/policy/purposes';
import { REFUSAL_REASONS } from '../src/policy/refusal-reasons';
import { VERIFICATION_METHODS } from '../src/policy/verification-methods';

const POLICY_FILE = join(__dirname, '..', 'policy', 'allprint-privacy-policy.az.txt');

// The SHA-256 of the text as Allprint published it; a change here must be a newly published version.
const PUBLISHED_SHA256 = '2fea1da7ec27e1055d7a0d2cdf43cdf56c0694c3c11007471fa933780e59d5ee';

describe('the policy text shipped in policy/', () => {
  const text = readFileSync(POLICY_FILE, 'utf8');

  it('is the published text, byte for byte', () => {
    expect(createHash('sha256').update(readFileSync(POLICY_FILE)).digest('hex')).toBe(PUBLISHED_SHA256);
  });

  // Purposes and grounds are items of the policy's own lists: their Azerbaijani description is the item.
  it.each([...PURPOSES, ...DISCLOSURE_GROUNDS].map((term) => [term.key, term.description.az] as const))(
    'quotes %s from the text',
    (_key, description) => {
      // The vocabulary ends each description with a full stop where the list item ends with ";" or ".".
      expect(text).toContain(description.replace(/\.$/, ''));
    },
  );

  // Refusal reasons and verification methods are named within a sentence of §5: their words are kept beside them.
  it.each([...REFUSAL_REASONS, ...VERIFICATION_METHODS].map((term) => [term.key, term.policyWording] as const))(
    'finds the words %s rests on in the text',
    (_key, wording) => {
      expect(text).toContain(wording);
    },
  );
});
