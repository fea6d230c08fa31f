import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { Principal } from '../../auth/principal';
import { apiError, ErrorCode } from '../../common/errors';
import { disclosureView, type DisclosureView } from '../../policy/visibility/disclosures';
import { firstUnsettledMonth, isMonthStart, MAX_STATS_MONTHS, monthLabel, monthsBetween, monthStartAfter } from '../../policy/stats-window';
import type { StatsService, StatsWindow } from './stats.service';
import { ConsentFlowRow, DisclosureStatsRow, FieldReadStatsRow, RequestsClosedRow, RequestsSubmittedRow, Stats } from './stats.types';

/** The window a Stats answer covers; each section is computed only when selected. */
class StatsRoot extends Stats {
  window: StatsWindow;
  /** Which disclosures, and reads under them, the caller may count (src/policy/visibility/disclosures.ts). */
  view: DisclosureView;
}

/** The window asked for, or the error saying why it may not be asked. */
function askableWindow(from: Date, to: Date, now: Date): StatsWindow {
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
  const unsettled = firstUnsettledMonth(now);
  if (to > unsettled) {
    // The month is named, not the instant sent: no value the caller sent comes back in a message.
    const month = monthLabel(unsettled);
    throw apiError(
      ErrorCode.STATS_MONTH_NOT_CLOSED,
      `Only months that are over can be asked: ${month} is not closed yet (a month can be asked from an hour after it ends), ` +
        `so its figures could still change. End the window at the start of ${month} at the latest.`,
      { argumentName: 'to', firstOpenMonth: month },
    );
  }
  return { from, to, months: Array.from({ length: months }, (_, index) => monthStartAfter(from, index)) };
}

@Resolver(() => Stats)
export class StatsResolver {
  constructor(private readonly statsService: StatsService) {}

  @Query(() => Stats, {
    nullable: true,
    description:
      'Privacy-safe aggregates (analysts, privacy officer), one row per cell of each month from `from` to `to` (both the first ' +
      'instant of a month, UTC). Only months that are over may be asked, and a month answers the same whenever it is asked. ' +
      'Windows that do not fall on month boundaries are refused: two queries differing by a day could isolate one person.',
  })
  stats(
    @Arg('from', () => GraphQLDateTime, { description: 'Start of the window, included: the first instant of a month, UTC.' }) from: Date,
    @Arg('to', () => GraphQLDateTime, {
      description: `End of the window, excluded: the first instant of a later month, UTC, at most ${MAX_STATS_MONTHS} months on and no later than the start of the current month (from an hour past it).`,
    })
    to: Date,
    @CurrentPrincipal() principal: Principal,
  ): StatsRoot {
    const window = askableWindow(from, to, new Date());
    return Object.assign(new StatsRoot(), { k: this.statsService.k, window, view: disclosureView(principal) });
  }

  @FieldResolver(() => [ConsentFlowRow])
  consentFlows(@Root() root: StatsRoot): Promise<ConsentFlowRow[]> {
    return this.statsService.consentFlows(root.window);
  }

  @FieldResolver(() => [RequestsSubmittedRow])
  requestsSubmitted(@Root() root: StatsRoot): Promise<RequestsSubmittedRow[]> {
    return this.statsService.requestsSubmitted(root.window);
  }

  @FieldResolver(() => [RequestsClosedRow])
  requestsClosed(@Root() root: StatsRoot): Promise<RequestsClosedRow[]> {
    return this.statsService.requestsClosed(root.window);
  }

  @FieldResolver(() => [DisclosureStatsRow])
  disclosuresByGround(@Root() root: StatsRoot): Promise<DisclosureStatsRow[]> {
    return this.statsService.disclosuresByGround(root.window, root.view);
  }

  @FieldResolver(() => [FieldReadStatsRow])
  personalFieldReads(@Root() root: StatsRoot): Promise<FieldReadStatsRow[]> {
    return this.statsService.personalFieldReads(root.window, root.view);
  }
}
