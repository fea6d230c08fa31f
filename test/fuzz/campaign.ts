import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { checkAnswer, type Finding } from './checks';
import { schemaNames, sentStrings } from './echo';
import { graphqlPost, type HttpClient, type RawRequest } from './http-client';
import { httpOddity } from './http-oddities';
import { malformedDocument } from './malformed';
import { randomOperation } from './operations';
import { mayRead, principalOf } from './principals';
import { Random } from './random';
import type { Scene } from './scene';

/** One request of a run, with all it takes to send it again. */
export interface FuzzCase {
  seed: number;
  index: number;
  principal: string;
  /** "query", "mutation", "malformed: <what>" or "http: <what>". */
  kind: string;
  request: RawRequest;
}

export interface FuzzFailure {
  finding: Finding;
  fuzzCase: FuzzCase;
}

export interface CampaignResult {
  cases: number;
  failures: FuzzFailure[];
  /** Per principal: answers that held a personal value it may see (the oracle's allowed side was reached). */
  allowedReads: Map<string, number>;
  /** Per case kind: how many were sent. */
  kinds: Map<string, number>;
  /** Per HTTP status ("none" for no answer): how many answers had it. */
  statuses: Map<string, number>;
}

export interface CampaignSettings {
  seed: number;
  operations: number;
  /** Only the case with this index (a replay). */
  onlyCase?: number;
  /** Stop once this instant (ms since the epoch) has passed: `npm run fuzz`'s time bound, never the suite's. */
  deadline?: number;
  onCase?: (fuzzCase: FuzzCase, findings: Finding[]) => void;
}

export interface CampaignTarget {
  schema: GraphQLSchema;
  scene: Scene;
  client: HttpClient;
  dataSource: DataSource;
  /** The GraphQL endpoint's path, e.g. /graphql. */
  path: string;
}

const WEIGHTS = { operation: 75, malformed: 15, http: 10 } as const;

/** The request of case `index`: a function of the seed, the index and the scene only, so that it can be replayed alone. */
export function caseRequest(target: CampaignTarget, seed: number, index: number): FuzzCase {
  const { principals, ids } = target.scene;
  const rng = Random.forCase(seed, index);
  const principal = principalOf(principals, index);
  const purpose = rng.pick(principal.purposeHeaders);
  const headers = { ...principal.headers, ...(purpose === undefined ? {} : { 'x-processing-purpose': purpose }) };
  const base = { seed, index, principal: principal.name };
  switch (rng.weighted(WEIGHTS)) {
    case 'operation': {
      const body = randomOperation(target.schema, rng, ids, index);
      return { ...base, kind: body.query.startsWith('mutation') ? 'mutation' : 'query', request: graphqlPost(target.path, body, headers) };
    }
    case 'malformed': {
      const { kind, body } = malformedDocument(target.schema, rng, ids, index);
      return { ...base, kind: `malformed: ${kind}`, request: graphqlPost(target.path, body, headers) };
    }
    case 'http': {
      const { kind, request } = httpOddity(rng, target.path, headers);
      return { ...base, kind: `http: ${kind}`, request };
    }
  }
}

/** After a request that got no answer, wait until the server answers again, so that one hang is not counted many times. */
async function awaitRecovery(client: HttpClient, path: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const response = await client.send(graphqlPost(path, { query: '{ __typename }' }));
    if (response.answered) return;
    await sleep(1000);
  }
  throw new Error('the server stopped answering');
}

const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

const purposeOf = (request: RawRequest) => request.headers['x-processing-purpose'];

/** Sends the cases one after another and checks every answer. */
export async function runCampaign(target: CampaignTarget, settings: CampaignSettings): Promise<CampaignResult> {
  const { scene, client, dataSource } = target;
  const result: CampaignResult = { cases: 0, failures: [], allowedReads: new Map(), kinds: new Map(), statuses: new Map() };
  const publicNames = schemaNames(target.schema);
  const indexes = settings.onlyCase === undefined ? Array.from({ length: settings.operations }, (_, i) => i) : [settings.onlyCase];
  for (const index of indexes) {
    if (settings.deadline !== undefined && Date.now() > settings.deadline) break;
    const fuzzCase = caseRequest(target, settings.seed, index);
    const principal = principalOf(scene.principals, index);
    const response = await client.send(fuzzCase.request);
    // Mutations may have stored new personal values: they are guarded from this answer on.
    await scene.personal.refresh(dataSource);
    const readable = mayRead(principal.rule, purposeOf(fuzzCase.request));
    let allowed = 0;
    const findings = checkAnswer(
      fuzzCase.request.method,
      response,
      (body) => {
        if (principal.rule.kind === 'everything') return [];
        const found = scene.personal.find(body, readable);
        allowed = found.allowed.length;
        return found.leaked;
      },
      sentStrings(fuzzCase.request, publicNames),
    );
    if (allowed > 0) result.allowedReads.set(principal.name, (result.allowedReads.get(principal.name) ?? 0) + 1);
    count(result.kinds, fuzzCase.kind);
    count(result.statuses, response.answered ? String(response.status) : 'none');
    result.failures.push(...findings.map((finding) => ({ finding, fuzzCase })));
    result.cases += 1;
    settings.onCase?.(fuzzCase, findings);
    if (!response.answered) await awaitRecovery(client, target.path);
  }
  return result;
}
