// First: once compiled (emitDecoratorMetadata), the entities' decorators need it as their modules load.
import 'reflect-metadata';
import { SYSTEM_ACTORS } from '../src/auth/actor';
import { ROLES, type Role } from '../src/auth/principal';
import { loadJwtSecret } from '../src/auth/secret';
import { DEFAULT_TOKEN_TTL, signToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config';
import { ProcessorTokenService } from '../src/modules/tokens/processor-token.service';
import { isPurposeCode, PURPOSE_CODES, type PurposeCode } from '../src/policy/purposes';
import { failUsage, parseCommandLine } from '../src/common/command-line';
import { runScript, withDatabase } from './with-database';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> [--sub <subject>] [--processor <uuid>] [--purposes A,B] [--ttl 15m]
  customer:   --sub is the customer id (uuid)
  affiliate:  --processor is the processor id, --purposes a comma-separated list of ${PURPOSE_CODES.join(', ')};
              the token is issued in the database (as issueProcessorToken does), so it can be revoked; --ttl in seconds
  others:     --sub names the person (defaults to the role)`;

/** `npm run token`: prints a token signed with the same key as the local server, for local use. */
runScript(async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      processor: { type: 'string' },
      purposes: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  if (!values.role || !(ROLES as readonly string[]).includes(values.role)) failUsage(`--role must be one of ${ROLES.join(', ')}`);
  const role = values.role as Role;
  const config = loadConfig();
  const secret = await loadJwtSecret(config.jwtSecret, config.dataDir);

  if (role === 'affiliate') {
    const purposes = values.purposes?.split(',').map((code) => code.trim()) ?? [];
    if (!values.processor || purposes.length === 0) failUsage('an affiliate token needs --processor <uuid> and --purposes <codes>');
    if (!purposes.every(isPurposeCode)) failUsage(`unknown purpose in "${values.purposes}"; known: ${PURPOSE_CODES.join(', ')}`);
    const ttlSeconds = Number(values.ttl ?? 3600);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60) failUsage('--ttl for an affiliate token is a number of seconds, at least 60');
    await withDatabase(async (dataSource) => {
      const issued = await new ProcessorTokenService(dataSource, secret).issue(
        values.processor!.toLowerCase(),
        purposes as PurposeCode[],
        ttlSeconds,
        SYSTEM_ACTORS.tokenCli,
      );
      console.log(issued.token);
    });
    return;
  }
  if (role === 'customer' && !values.sub) failUsage('a customer token needs --sub <customer id>');
  console.log(await signToken({ role, sub: values.sub ?? role }, secret, values.ttl ?? DEFAULT_TOKEN_TTL));
});
