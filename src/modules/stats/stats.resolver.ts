import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { apiError, ErrorCode } from '../../common/errors';
import { isMonthStart, MAX_STATS_MONTHS, monthsBetween } from '../../policy/k-anonymity';
import type { StatsService, StatsWindow } from './stats.service';
import { ConsentRateRow, DisclosureStatsRow, FieldReadStatsRow, RequestStatsRow, Stats } from './stats.types';

/** The window a Stats answer covers; each section is computed only when selected. */
class StatsRoot extends Stats {
  window: StatsWindow;
}

@Resolver(() => Stats)
export class StatsResolver {
  constructor(private readonly statsService: StatsService) {}

  @Query(() => Stats, {
    nullable: true,
    description:
      'Privacy-safe aggregates (analysts, privacy officer) over whole months from `from` to `to` (both the first instant of a month, UTC). ' +
      'Windows that do not fall on month boundaries are refused: two queries differing by a day could isolate one person.',
  })
  stats(
    @Arg('from', () => GraphQLDateTime, { description: 'Start of the window, included: the first instant of a month, UTC.' }) from: Date,
    @Arg('to', () => GraphQLDateTime, {
      description: `End of the window, excluded: the first instant of a later month, UTC; at most ${MAX_STATS_MONTHS} months on.`,
    })
    to: Date,
  ): StatsRoot {
    if (!isMonthStart(from) || !isMonthStart(to)) {
      throw apiError(
        ErrorCode.STATS_WINDOW_NOT_ALIGNED,
        'from and to must each be the first instant of a month (UTC): windows that differ by less than a month could single a person out.',
      );
    }
    const months = monthsBetween(from, to);
    if (months < 1 || months > MAX_STATS_MONTHS) {
      throw apiError(ErrorCode.BAD_USER_INPUT, `The window must cover 1 to ${MAX_STATS_MONTHS} months.`, { argumentName: 'to' });
    }
    return Object.assign(new StatsRoot(), { k: this.statsService.k, window: { from, months } });
  }

  @FieldResolver(() => [ConsentRateRow])
  consentRates(@Root() root: StatsRoot): Promise<ConsentRateRow[]> {
    return this.statsService.consentRates(root.window);
  }

  @FieldResolver(() => [RequestStatsRow])
  privacyRequests(@Root() root: StatsRoot): Promise<RequestStatsRow[]> {
    return this.statsService.privacyRequests(root.window);
  }

  @FieldResolver(() => [DisclosureStatsRow])
  disclosuresByGround(@Root() root: StatsRoot): Promise<DisclosureStatsRow[]> {
    return this.statsService.disclosuresByGround(root.window);
  }

  @FieldResolver(() => [FieldReadStatsRow])
  personalFieldReads(@Root() root: StatsRoot): Promise<FieldReadStatsRow[]> {
    return this.statsService.personalFieldReads(root.window);
  }
}
