import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { PageCursors } from './cursor-seal';
import { apiError, ErrorCode } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

const NOT_BOTH =
  'Give `first` or `last`, not both: the Relay connection spec discourages the two together, and this API refuses them (BAD_USER_INPUT).';

/**
 * The paging arguments of the Relay cursor connections spec. `first` has no schema default: a default would make every
 * `last` look like `first` and `last` at once; the default page size is applied in `pageRequest` instead.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the start (or after \`after\`), at most ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither \`first\` nor \`last\` is given. ${NOT_BOTH}`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Return the items after this cursor: a cursor (`endCursor`, `startCursor` or an edge `cursor`) this API gave a caller who sees the same items, in the same order.',
  })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the end (or just before \`before\`), at most ${MAX_PAGE_SIZE}, still in the list's order. ${NOT_BOTH}`,
  })
  @IsOptional()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Return the items before this cursor: a cursor (`startCursor`, `endCursor` or an edge `cursor`) this API gave a caller who sees the same items, in the same order.',
  })
  before?: string | null;
}

/** A page as its arguments ask for it, cursors opened: `size` items from the `after` end of the list, or (backward) from the `before` end. */
export interface PageRequest {
  size: number;
  backward: boolean;
  afterId: string | null;
  beforeId: string | null;
}

/**
 * The request the paging arguments make. Refuses `first` with `last`, and a cursor not issued for this list, caller
 * and order (src/common/cursor-seal.ts), before anything is read.
 */
export function pageRequest(args: PageArgs, cursors: Pick<PageCursors, 'open'>): PageRequest {
  const first = args.first ?? null;
  const last = args.last ?? null;
  if (first !== null && last !== null) {
    throw apiError(ErrorCode.BAD_USER_INPUT, 'Ask for `first` or for `last`, not both.', { argumentName: 'last' });
  }
  return {
    size: last ?? first ?? DEFAULT_PAGE_SIZE,
    backward: last !== null,
    afterId: cursors.open(args.after, 'after'),
    beforeId: cursors.open(args.before, 'before'),
  };
}

/**
 * Where a page starts and ends. The two flags are promises: the one on the side of the cursor the page was read from
 * takes a statement (src/db/keyset.ts), run only when the client selects it.
 */
@ObjectType({ description: 'Where a page starts and ends in a cursor connection, and whether items lie beyond either end.' })
export class PageInfo {
  @Field(() => Boolean, {
    description: 'Whether items follow this page. Read backward (`last`): whether any item lies at or after `before` (false without `before`).',
  })
  hasNextPage: Promise<boolean>;

  @Field(() => Boolean, {
    description: 'Whether items precede this page. Read forward (`first`): whether any item lies at or before `after` (false without `after`).',
  })
  hasPreviousPage: Promise<boolean>;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item; pass it as `before` to read the page before.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item; pass it as `after` to read the page after.' })
  endCursor: string | null;
}

/** Whether items lie beyond either end of a page, answered when asked. */
export interface PageSides {
  hasNextPage: () => Promise<boolean>;
  hasPreviousPage: () => Promise<boolean>;
}

export interface Page<T extends { id: string }> extends PageSides {
  /** In the list's order, whichever way the page was read. */
  rows: T[];
  /** Counted only when the client asks for it. */
  countTotal: () => Promise<number>;
}

/** A Relay-style connection type for `Node`: edges with cursors, page info and a lazily counted total. */
export function ConnectionType<T extends { id: string }>(Node: ClassType<T>) {
  @ObjectType(`${Node.name}Edge`, { description: `One ${Node.name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, {
      description: 'Opaque position of this item; pass it as `after` or `before` to read the items after or before it.',
    })
    cursor: string;

    @Field(() => Node, { description: `The ${Node.name} itself.` })
    node: T;
  }

  @ObjectType()
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in order.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether there are items before and after this page, and the cursors to read them from.' })
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
     * select no cursor at all. The flags are getters too, so that a statement they need runs only when selected.
     */
    static fromPage<C extends Connection>(this: new () => C, page: Page<T>, cursors: Pick<PageCursors, 'of'>): C {
      const edges: Edge[] = page.rows.map((node) => ({
        node,
        get cursor() {
          return cursors.of(node.id);
        },
      }));
      const cursorOf = (node: T | undefined) => (node === undefined ? null : cursors.of(node.id));
      const pageInfo: PageInfo = {
        get hasNextPage() {
          return page.hasNextPage();
        },
        get hasPreviousPage() {
          return page.hasPreviousPage();
        },
        get startCursor() {
          return cursorOf(page.rows[0]);
        },
        get endCursor() {
          return cursorOf(page.rows.at(-1));
        },
      };
      return Object.assign(new this(), { edges, pageInfo, countTotal: page.countTotal });
    }
  }
  return Connection;
}
