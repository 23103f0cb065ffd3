import { describe, test } from 'node:test';
import { checkConditionTable } from './support/helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/service-role/Worker';

describe('Arn condition operators', () => {
  checkConditionTable({ test }, [
    ['ArnEquals', 'aws:PrincipalArn', ROLE, ROLE, true],
    ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:role/*', ROLE, true],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/service-role/*', ROLE, true],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:role/service-role/Work?r', ROLE, true],
    // Case-sensitive.
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:role/service-role/worker', ROLE, false],
    // A wildcard in one of the first five segments does not cross into the next.
    ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:*', 'arn:aws:s3:::bucket', false],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:*:*:*:*', 'arn:aws:s3:::bucket', true],
    ['ArnLike', 'aws:SourceArn', 'arn:*:sqs:*:123456789012:*', 'arn:aws:sqs:us-east-1:123456789012:queue', true],
    ['ArnLike', 'aws:SourceArn', 'arn:*:sqs:*:123456789012:*', 'arn:aws:sqs:us-east-1:210987654321:queue', false],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sqs:*:123456789012:*', 'not-an-arn', false],
    ['ArnNotEquals', 'aws:PrincipalArn', ROLE, 'arn:aws:iam::123456789012:role/Other', true],
    ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:role/*', ROLE, false],
    ['ArnLike', 'aws:SourceArn', '*', 'arn:aws:s3:::bucket', false],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:sqs:*:*:*', undefined, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sqs:*:*:*', undefined, false],
    ['ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:sqs:*:*:*', undefined, true],
    // aws:PrincipalArn is known from the request's principal (here an IAM user) when not given.
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:user/*', undefined, true],
  ]);
});
