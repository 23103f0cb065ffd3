// Access Analyzer's refusals, in one place so every part words them alike (the factories are the model's).
import { errors } from '../../aws/generated/accessanalyzer.js';

export type ResourceKind = 'Analyzer' | 'ArchiveRule' | 'Finding' | 'AnalyzedResource' | 'AccessPreview';

const WORDS: Record<ResourceKind, string> = { Analyzer: 'Analyzer', ArchiveRule: 'Archive rule', Finding: 'Finding', AnalyzedResource: 'Analyzed resource', AccessPreview: 'Access preview' };

export const notFound = (kind: ResourceKind, id: string) =>
  errors.ResourceNotFoundException(`${WORDS[kind]} ${id} not found.`, { resourceId: id, resourceType: kind });

export const conflict = (kind: ResourceKind, id: string, message: string) => errors.ConflictException(message, { resourceId: id, resourceType: kind });

export const invalid = (message: string, field?: string) =>
  errors.ValidationException(message, { reason: 'fieldValidationFailed', ...(field ? { fieldList: [{ name: field, message }] } : {}) });

/** The error a NextToken that does not decode answers. */
export const invalidToken = (message: string) => errors.ValidationException(message, { reason: 'other' });
