/** A term of the privacy vocabulary, named in both languages the policy is published in. */
export interface Term<K extends string = string> {
  key: K;
  name: { az: string; en: string };
  description: { az: string; en: string };
}
