import { PURPOSES, type PurposeCode } from '../../policy/purposes';
import { Purpose } from './purpose.entity';

/**
 * The five purposes as the API shows them, made once from the policy's vocabulary (src/policy/purposes.ts),
 * which is also what every start writes into the `purpose` table. Reading them from there instead of the table
 * saves a statement on every request that names a purpose (a consent's, an audit event's) and changes nothing
 * an answer holds: the table is seeded from these terms and nothing else writes it.
 */
const PURPOSE_BY_CODE: ReadonlyMap<PurposeCode, Purpose> = new Map(
  PURPOSES.map((term) => [
    term.key,
    Object.freeze(
      Object.assign(new Purpose(), {
        code: term.key,
        titleAz: term.name.az,
        titleEn: term.name.en,
        descriptionAz: term.description.az,
        descriptionEn: term.description.en,
        consentRequired: term.consentRequired,
        policySection: term.policySection,
      }),
    ),
  ]),
);

export function purposeOf(code: PurposeCode): Purpose {
  const purpose = PURPOSE_BY_CODE.get(code);
  if (purpose === undefined) throw new Error(`unknown purpose ${code}`);
  return purpose;
}

/** In the policy's order (§1.1 to §1.5). */
export function allPurposes(): Purpose[] {
  return [...PURPOSE_BY_CODE.values()];
}
