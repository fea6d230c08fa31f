/**
 * A lookup by a unique key, one index probe per batch row. As a plain join, the planner hashes the whole table
 * (customer, or the run's seen-tables) for every batch once it holds a few hundred thousand rows, which makes an
 * import slower with each batch. The LIMIT keeps the subquery from being flattened into such a join; on a unique
 * key it changes no result.
 */
export const probe = (lookup: string) => `${lookup} LIMIT 1`;
