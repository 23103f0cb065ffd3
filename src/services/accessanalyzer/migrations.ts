// IAM Access Analyzer's tables: its migrations, applied by the store with every other module's in name
// order (src/services/kit/module.ts).
import type { Migration } from 'kysely';

export const ACCESS_ANALYZER_MIGRATIONS: Record<string, Migration> = {};
