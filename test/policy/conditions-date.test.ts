import { describe, test } from 'node:test';
import { checkConditionTable } from './support/helpers.js';

describe('Date condition operators', () => {
  checkConditionTable({ test }, [
    ['DateEquals', 'aws:CurrentTime', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', true],
    ['DateEquals', 'aws:CurrentTime', '2024-05-01', '2024-05-01T00:00:00Z', true],
    // Epoch seconds and ISO 8601 are the same instant.
    ['DateEquals', 'aws:CurrentTime', '1714521600', '2024-05-01T00:00:00Z', true],
    ['DateEquals', 'aws:CurrentTime', '2024-05-01T02:00:00+02:00', '2024-05-01T00:00:00Z', true],
    ['DateNotEquals', 'aws:CurrentTime', '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z', true],
    ['DateNotEquals', 'aws:CurrentTime', '2024-05-01T00:00:00Z', undefined, true],
    ['DateLessThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z', '2024-12-31T23:59:59Z', true],
    ['DateLessThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', false],
    ['DateLessThanEquals', 'aws:CurrentTime', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', true],
    ['DateGreaterThan', 'aws:EpochTime', '1700000000', '1700000001', true],
    ['DateGreaterThan', 'aws:EpochTime', '1700000000', '2023-01-01T00:00:00Z', false],
    ['DateGreaterThanEquals', 'aws:CurrentTime', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', true],
    ['DateLessThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z', 'yesterday', false],
    ['DateLessThan', 'aws:CurrentTime', 'not a date', '2024-01-01T00:00:00Z', false],
    ['DateLessThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z', undefined, false],
  ]);
});
