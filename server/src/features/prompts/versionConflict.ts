/**
 * The 409 of a sync-safe write whose `baseVersion` is no longer the latest. The latest version
 * travels as the error's `cause.details`, which the error formatter copies into the body as
 * `error.latest`, so a client can merge without another round trip.
 */
import { TRPCError } from '@trpc/server';
import { ErrorDetails } from '../../http/errorDetails.ts';
import type { VersionOutput } from './promptSchemas.ts';

/** Builds the CONFLICT error for a write based on `baseVersion` when `latest` is newer. */
export function versionConflictError(baseVersion: number, latest: VersionOutput | null): TRPCError {
  const latestNumber = latest?.number ?? 0;
  const message = `Version ${baseVersion} is not the latest: version ${latestNumber} was written since; merge with it and retry with baseVersion ${latestNumber}`;
  return new TRPCError({ code: 'CONFLICT', message, cause: new ErrorDetails(message, { latest }) });
}
