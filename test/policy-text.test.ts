import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PURPOSES } from '../src/policy/purposes';

const POLICY_FILE = join(__dirname, '..', 'policy', 'allprint-privacy-policy.az.txt');

// The SHA-256 of the text as Allprint published it; a change here must be a newly published version.
const PUBLISHED_SHA256 = '2fea1da7ec27e1055d7a0d2cdf43cdf56c0694c3c11007471fa933780e59d5ee';

describe('the policy text shipped in policy/', () => {
  const text = readFileSync(POLICY_FILE, 'utf8');

  it('is the published text, byte for byte', () => {
    expect(createHash('sha256').update(readFileSync(POLICY_FILE)).digest('hex')).toBe(PUBLISHED_SHA256);
  });

  it.each(PURPOSES.map((purpose) => [purpose.key, purpose.description.az] as const))(
    'quotes the purpose %s from the text',
    (_key, description) => {
      // The vocabulary ends each description with a full stop where the list item ends with ";" or ".".
      expect(text).toContain(description.replace(/\.$/, ''));
    },
  );
});
