import { CoreSchema1764000000000 } from './1764000000000-CoreSchema';
import { ConsentAccess1764100000000 } from './1764100000000-ConsentAccess';

/** Every migration, oldest first. Listed explicitly so that tsx, jest and tsc all load the same set. */
export const MIGRATIONS = [CoreSchema1764000000000, ConsentAccess1764100000000];
