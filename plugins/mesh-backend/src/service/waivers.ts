import { Config } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { Waiver } from '@meshpath/plugin-mesh-common';
import { MeshStore, WaiverDecision } from '../database';

const DAY_MS = 86_400_000;

/** The backend's rules for waivers, from `mesh.waivers`. */
export interface WaiverRules {
  /** Longest a waiver may last, in days from its request. */
  maxExpiryDays: number;
  /** Whether the person who requested a waiver may also approve it. */
  allowSelfApproval: boolean;
}

/** Reads `mesh.waivers`; every key has a safe default. */
export function readWaiverRules(config: Config): WaiverRules {
  const waivers = config.getOptionalConfig('mesh.waivers');
  const maxExpiryDays = waivers?.getOptionalNumber('maxExpiryDays') ?? 90;
  if (!Number.isInteger(maxExpiryDays) || maxExpiryDays < 1) {
    throw new Error(
      `mesh.waivers.maxExpiryDays must be a whole number of days, at least 1; got ${maxExpiryDays}`,
    );
  }
  return {
    maxExpiryDays,
    allowSelfApproval:
      waivers?.getOptionalBoolean('allowSelfApproval') ?? false,
  };
}

/** What an owner sends to request a waiver. */
export interface WaiverRequestInput {
  entityRef: string;
  ruleCode: string;
  objectRef?: string;
  reason: string;
  expiresAt: string;
  requestedBy: string;
}

/**
 * The waiver workflow: request, approve or reject, revoke. Who may do each is
 * the permission policy's call; what makes a valid request or decision is here.
 */
export class WaiverWorkflow {
  constructor(
    private readonly store: MeshStore,
    private readonly rules: WaiverRules,
  ) {}

  async request(
    input: WaiverRequestInput,
    now: Date = new Date(),
  ): Promise<Waiver> {
    const expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now) {
      throw new InputError('expiresAt must be an ISO time in the future');
    }
    const latest = new Date(now.getTime() + this.rules.maxExpiryDays * DAY_MS);
    if (expiresAt > latest) {
      throw new InputError(
        `expiresAt must be at most ${
          this.rules.maxExpiryDays
        } days away (${latest.toISOString()})`,
      );
    }
    return this.store.createWaiver(
      {
        entityRef: input.entityRef,
        ruleCode: input.ruleCode,
        ...(input.objectRef ? { objectRef: input.objectRef } : {}),
        reason: input.reason,
        createdBy: input.requestedBy,
        expiresAt: expiresAt.toISOString(),
      },
      now,
    );
  }

  async decide(
    entityRef: string,
    id: string,
    decision: WaiverDecision,
    now: Date = new Date(),
  ): Promise<Waiver> {
    const waiver = await this.store.getWaiver(entityRef, id);
    if (!waiver) throw new NotFoundError(`No waiver ${id} for ${entityRef}`);
    if (waiver.status !== 'pending') {
      throw new ConflictError(`Waiver ${id} is ${waiver.status}, not pending`);
    }
    if (
      decision.status === 'approved' &&
      !this.rules.allowSelfApproval &&
      waiver.createdBy === decision.decidedBy
    ) {
      // Four eyes: an owner cannot waive their own finding alone.
      throw new NotAllowedError(
        `${decision.decidedBy} requested waiver ${id} and cannot also approve it`,
      );
    }
    if (decision.status === 'approved' && new Date(waiver.expiresAt) <= now) {
      throw new InputError(
        `Waiver ${id} expired on ${waiver.expiresAt}; request a new one`,
      );
    }
    const decided = await this.store.decideWaiver(entityRef, id, decision, now);
    if (!decided) {
      throw new ConflictError(`Waiver ${id} was decided meanwhile`);
    }
    return decided;
  }

  async revoke(
    entityRef: string,
    id: string,
    revokedBy: string,
    now: Date = new Date(),
  ): Promise<Waiver> {
    const waiver = await this.store.revokeWaiver(entityRef, id, revokedBy, now);
    if (!waiver) throw new NotFoundError(`No waiver ${id} for ${entityRef}`);
    return waiver;
  }
}
