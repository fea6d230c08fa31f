import { Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { PageCursors } from './cursor-seal';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `How many items to return, at most ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, {
    nullable: true,
    description:
      'Return the items after this cursor: an `endCursor` (or edge `cursor`) this API gave a caller who sees the same items, in the same order.',
  })
  after?: string | null;
}

@ObjectType({ description: 'Where a page ends in a cursor connection.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' })
  endCursor: string | null;
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

    /**
     * The page, its cursors sealed for the request that read it. Each is sealed when it is read (getters, which the
     * default field resolver reads like any property): sealing 50 cost 0.17 ms a page, measured, and most pages
     * select no cursor at all.
     */
    static fromPage<C extends Connection>(this: new () => C, page: Page<T>, cursors: Pick<PageCursors, 'of'>): C {
      const edges: Edge[] = page.rows.map((node) => ({
        node,
        get cursor() {
          return cursors.of(node.id);
        },
      }));
      const last = page.rows.at(-1);
      return Object.assign(new this(), {
        edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          get endCursor() {
            return last === undefined ? null : cursors.of(last.id);
          },
        },
        countTotal: page.countTotal,
      });
    }
  }
  return Connection;
}
