import { Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { apiError, ErrorCode } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `How many items to return, at most ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (an `endCursor`).' })
  after?: string | null;
}

@ObjectType({ description: 'Where a page ends in a cursor connection.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' })
  endCursor: string | null;
}

const CURSOR_PREFIX = 'v1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Cursors are opaque: the id of the last row, whose sort key is looked up again in the next query. */
export function encodeCursor(id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const id = decoded.slice(CURSOR_PREFIX.length);
  if (!decoded.startsWith(CURSOR_PREFIX) || !UUID.test(id)) {
    throw apiError(ErrorCode.BAD_USER_INPUT, 'The cursor is not one this API issued.', { argumentName: 'after' });
  }
  return id;
}

export interface Page<T extends { id: string }> {
  rows: T[];
  hasNextPage: boolean;
  /** Counted only when the client asks for it. */
  countTotal: () => Promise<number>;
}

/** A Relay-style connection type for `Node`: edges with cursors, page info and a lazily counted total. */
export function ConnectionType<T extends { id: string }>(Node: ClassType<T>) {
  @ObjectType(`${Node.name}Edge`, { description: `One ${Node.name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque position of this item; pass it as `after` to read the items after it.' })
    cursor: string;

    @Field(() => Node, { description: `The ${Node.name} itself.` })
    node: T;
  }

  @ObjectType()
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in order.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether there is a next page, and the cursor to read it from.' })
    pageInfo: PageInfo;

    countTotal: () => Promise<number>;

    // A method, so that the count query runs only when the client selects the field.
    @Field(() => Int, { description: 'How many items match, across all pages.' })
    totalCount(): Promise<number> {
      return this.countTotal();
    }

    static fromPage<C extends Connection>(this: new () => C, page: Page<T>): C {
      const edges = page.rows.map((node) => ({ cursor: encodeCursor(node.id), node }));
      return Object.assign(new this(), {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
        countTotal: page.countTotal,
      });
    }
  }
  return Connection;
}
