import type { CampaignResult, FuzzCase, FuzzFailure } from './campaign';

const MAX_BODY = 1_500;

function describeBody(body: RawBody): string {
  if (body === undefined) return '(no body)';
  const text = Buffer.isBuffer(body) ? `<${body.length} bytes, binary: ${body.subarray(0, 40).toString('hex')}…>` : body;
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… (${text.length} characters in all)` : text;
}
type RawBody = FuzzCase['request']['body'];

/** The request as someone replaying it by hand needs it; the token is named, not shown (it is the principal's). */
export function describeCase(fuzzCase: FuzzCase): string {
  const { request } = fuzzCase;
  const headers = Object.entries(request.headers)
    .map(
      ([name, value]) =>
        `${name}: ${name === 'authorization' && value.length > 60 ? `${value.slice(0, 20)}… (the ${fuzzCase.principal} token)` : value}`,
    )
    .join('\n    ');
  return [
    `  principal: ${fuzzCase.principal}`,
    `  replay:    npm run fuzz -- --seed ${fuzzCase.seed} --case ${fuzzCase.index}   (case ${fuzzCase.index} of seed ${fuzzCase.seed}, ${fuzzCase.kind})`,
    `  request:   ${request.method} ${request.path.length > 300 ? `${request.path.slice(0, 300)}…` : request.path}`,
    `    ${headers}`,
    `  body:      ${describeBody(request.body)}`,
  ].join('\n');
}

const size = (fuzzCase: FuzzCase) => (fuzzCase.request.body?.length ?? 0) + fuzzCase.request.path.length;

/** Failures of one class: what a single fix makes go away. A leak is its own class per principal. */
const classOf = ({ finding, fuzzCase }: FuzzFailure) =>
  finding.failure.startsWith('personal data') ? `${finding.failure} — ${fuzzCase.principal}` : `${finding.failure} — ${fuzzCase.kind}`;

export interface FailureClass {
  name: string;
  count: number;
  /** The smallest request that showed it. */
  smallest: FuzzFailure;
}

export function failureClasses(failures: readonly FuzzFailure[]): FailureClass[] {
  const classes = new Map<string, FailureClass>();
  for (const failure of failures) {
    const name = classOf(failure);
    const known = classes.get(name);
    if (!known) classes.set(name, { name, count: 1, smallest: failure });
    else {
      known.count += 1;
      if (size(failure.fuzzCase) < size(known.smallest.fuzzCase)) known.smallest = failure;
    }
  }
  return [...classes.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function renderFailures(failures: readonly FuzzFailure[]): string {
  return failureClasses(failures)
    .map(
      ({ name, count, smallest }) =>
        `✗ ${name} (${count}×); the smallest:\n${describeCase(smallest.fuzzCase)}\n  found:     ${smallest.finding.detail}`,
    )
    .join('\n\n');
}

export function renderSummary(result: CampaignResult): string {
  const kinds = [...result.kinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`);
  const reads = [...result.allowedReads.entries()].map(([principal, n]) => `${principal} ${n}`);
  return [
    `${result.cases} requests, ${result.failures.length} failed checks in ${failureClasses(result.failures).length} classes`,
    `kinds: ${kinds.join(', ')}`,
    `statuses: ${[...result.statuses.entries()]
      .sort()
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}`,
    `answers holding personal data the principal may see: ${reads.join(', ') || 'none'}`,
  ].join('\n');
}
