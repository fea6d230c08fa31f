/**
 * A UUID in its canonical 8-4-4-4-12 hexadecimal form, in either case. Linear: fixed-width runs of one class each,
 * joined by literal dashes, with no alternation and no quantifier inside another.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
