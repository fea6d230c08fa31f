import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../src/auth/principal';
import { loadJwtSecret } from '../src/auth/secret';
import { DEFAULT_TOKEN_TTL, signToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config';
import { isPurposeCode, PURPOSE_CODES } from '../src/policy/purposes';

const USAGE = `npm run token -- --role <${ROLES.join('|')}> [--sub <subject>] [--processor <uuid>] [--purposes A,B] [--ttl 15m]
  customer:   --sub is the customer id (uuid)
  affiliate:  --processor is the processor id, --purposes a comma-separated list of ${PURPOSE_CODES.join(', ')}
  others:     --sub names the person (defaults to the role)`;

/** `npm run token`: prints a token signed with the same key as the local server, for local use. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      processor: { type: 'string' },
      purposes: { type: 'string' },
      ttl: { type: 'string', default: DEFAULT_TOKEN_TTL },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.role || !(ROLES as readonly string[]).includes(values.role)) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const role = values.role as Role;
  const purposes = values.purposes?.split(',').map((code) => code.trim());
  if (purposes && !purposes.every(isPurposeCode)) {
    console.error(`unknown purpose in "${values.purposes}"; known: ${PURPOSE_CODES.join(', ')}`);
    process.exit(2);
  }
  if (role === 'customer' && !values.sub) {
    console.error('a customer token needs --sub <customer id>');
    process.exit(2);
  }
  if (role === 'affiliate' && (!values.processor || !purposes)) {
    console.error('an affiliate token needs --processor <uuid> and --purposes <codes>');
    process.exit(2);
  }
  const config = loadConfig();
  const token = await signToken(
    {
      role,
      sub: values.sub ?? (role === 'affiliate' ? `processor:${values.processor}` : role),
      processorId: role === 'affiliate' ? values.processor : undefined,
      purposes: role === 'affiliate' ? purposes?.filter(isPurposeCode) : undefined,
    },
    await loadJwtSecret(config.jwtSecret, config.dataDir),
    values.ttl,
  );
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
