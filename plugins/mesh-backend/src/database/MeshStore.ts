import type {
  AuditEntry,
  AuditPage,
  ClusterOutcome,
  EntityMeshState,
  FleetPage,
  FleetTeamRollup,
  FleetTrend,
  HistoryPoint,
  MeshStatus,
  Waiver,
} from '@meshpath/plugin-mesh-common';
import type { FleetSort } from './fleetRows';

export type { AuditEntry, FleetSort };

/** Fields the fleet overview can be filtered by; a list keeps rows matching any of its values. */
export interface FleetFilter {
  owner?: string | string[];
  system?: string | string[];
  lifecycle?: string | string[];
  namespace?: string;
  /** Only services found in this cluster. */
  cluster?: string;
  status?: MeshStatus;
  /** Only services at this maturity level (`none`: without one). */
  level?: string;
  /** Only entities failing an unwaived check of this framework. */
  framework?: string;
  /** Only these entities (those the caller may read); all when absent. */
  entityRefs?: string[];
}

/** Catalog facts kept next to the state, for filtering the fleet. */
export interface EntityFacts {
  owner?: string;
  system?: string;
  lifecycle?: string;
  namespace?: string;
}

/** What an owner asks for when requesting a waiver. */
export type WaiverRequest = Pick<
  Waiver,
  'entityRef' | 'ruleCode' | 'objectRef' | 'reason' | 'createdBy' | 'expiresAt'
>;

/** An approver's answer to a waiver request. */
export interface WaiverDecision {
  status: 'approved' | 'rejected';
  decidedBy: string;
  comment?: string;
}

/** Where a history page ends: the last point's time and row id (points share times). */
export interface HistoryPosition {
  recordedAt: string;
  id: number;
}

/** One page of an entity's history, oldest first. */
export interface HistoryPage {
  items: HistoryPoint[];
  /** Where the next page starts; absent on the last page. */
  next?: HistoryPosition;
}

/** How many on-demand refreshes an entity and a caller may take. */
export interface RefreshBudgets {
  entityRef: string;
  /** The caller's user entity reference or service subject. */
  caller: string;
  /** One refresh of an entity per this many milliseconds. */
  entityIntervalMs: number;
  /** Refreshes a caller may take per `callerWindowMs`. */
  callerLimit: number;
  callerWindowMs: number;
}

/** Whether an on-demand refresh may run, and if not, when it may. */
export type RefreshClaim =
  | { granted: true }
  | { granted: false; retryAfterMs: number };

/** Where all Meshpath state lives, so every replica serves the same answers. */
export interface MeshStore {
  /** Stores the state unless the stored one was refreshed later (an older refresh never wins). */
  putState(state: EntityMeshState, facts: EntityFacts): Promise<void>;
  getState(entityRef: string): Promise<EntityMeshState | undefined>;
  /** The stored state as JSON text, for serving without re-encoding. */
  getStateJson(entityRef: string): Promise<string | undefined>;
  /** The stored state's JSON compressed with gzip when it was stored; undefined when absent or stored before compression. */
  getStateGzip(entityRef: string): Promise<Buffer | undefined>;
  /** Many entities' stored states as JSON text, by entity ref, in one query (entities without a state are absent). */
  getStatesJson(entityRefs: string[]): Promise<Map<string, string>>;
  /**
   * Stores many states in few statements, each unless its stored one was
   * refreshed later; of several states of one entity, the latest counts.
   */
  putStates(
    entries: Array<{ state: EntityMeshState; facts: EntityFacts }>,
  ): Promise<void>;
  /** One page of the fleet; `totalCount` counts every entity the filter keeps. */
  listFleet(
    filter: FleetFilter,
    page: { offset: number; limit: number },
    sort?: FleetSort,
  ): Promise<FleetPage>;
  /** The fleet's figures per owner, over every entity the filter keeps. */
  listFleetTeams(filter: FleetFilter): Promise<FleetTeamRollup[]>;
  /** The fleet's daily average score of `framework` from history, over the entities the filter keeps. */
  getFleetTrend(
    filter: FleetFilter,
    options: { framework: string; since: Date; until: Date },
  ): Promise<FleetTrend>;
  /** The refs of every entity the filter keeps, in fleet order. */
  listFleetRefs(filter: FleetFilter): Promise<string[]>;
  /**
   * Removes entities no longer in the catalog, in one transaction: their state
   * and history are deleted, their pending and approved waivers are revoked (kept,
   * each with a `waiver.revoke` audit row), an `entity.remove` audit row records
   * what went, and the audit log stays. Returns how many entities went.
   */
  deleteStatesExcept(entityRefs: string[], now?: Date): Promise<number>;
  /** Records how a cluster's refresh went, unless a later one is stored. */
  putClusterOutcome(outcome: ClusterOutcome): Promise<void>;
  /** The last refresh of every cluster recorded, by cluster name. */
  listClusterOutcomes(): Promise<ClusterOutcome[]>;
  /** Forgets clusters no longer configured; returns how many went. */
  deleteClusterOutcomesExcept(clusters: string[]): Promise<number>;

  addHistory(entityRef: string, points: HistoryPoint[]): Promise<void>;
  /** Adds many entities' history points in batched inserts. */
  addHistories(
    entries: Array<{ entityRef: string; points: HistoryPoint[] }>,
  ): Promise<void>;
  getHistory(
    entityRef: string,
    options: { since: Date; metric?: string },
  ): Promise<HistoryPoint[]>;
  /** Deletes history older than `before`; returns how many points went. */
  pruneHistory(before: Date): Promise<number>;
  /** One page of history from `since` (after `after`, when given), at most `limit` points. */
  getHistoryPage(
    entityRef: string,
    options: {
      since: Date;
      metric?: string;
      limit: number;
      after?: HistoryPosition;
    },
  ): Promise<HistoryPage>;

  /**
   * Takes one on-demand refresh from the entity's and the caller's budgets, both
   * or neither, atomically across replicas.
   */
  claimOnDemandRefresh(
    budgets: RefreshBudgets,
    now?: Date,
  ): Promise<RefreshClaim>;

  /** Records a waiver request; it is pending, and counts only once approved. */
  createWaiver(waiver: WaiverRequest, now?: Date): Promise<Waiver>;
  getWaiver(entityRef: string, id: string): Promise<Waiver | undefined>;
  /**
   * Approves or rejects a pending request; returns the decided waiver, or
   * undefined when it does not exist for that entity or is no longer pending.
   */
  decideWaiver(
    entityRef: string,
    id: string,
    decision: WaiverDecision,
    now?: Date,
  ): Promise<Waiver | undefined>;
  /**
   * Revokes an approved waiver or withdraws a pending request; returns it
   * (unchanged when already rejected or revoked), or undefined when it does not
   * exist for that entity.
   */
  revokeWaiver(
    entityRef: string,
    id: string,
    revokedBy: string,
    now?: Date,
  ): Promise<Waiver | undefined>;
  /** Waivers of an entity; only those counting at `activeAt` (approved, unexpired) when given. */
  listWaivers(entityRef: string, activeAt?: Date): Promise<Waiver[]>;
  /** The waivers counting at `activeAt` (approved, unexpired) of many entities, by entity ref, in one query. */
  listActiveWaivers(
    entityRefs: string[],
    activeAt: Date,
  ): Promise<Map<string, Waiver[]>>;
  /** The entity's whole audit log, oldest first. */
  getAuditLog(entityRef: string): Promise<AuditEntry[]>;
  /** One page of the entity's audit log, newest first. */
  listAudit(
    entityRef: string,
    page: { offset: number; limit: number },
  ): Promise<AuditPage>;
  /** Runs `fn` against this store inside one transaction: all its writes land, or none. */
  transaction<T>(fn: (store: MeshStore) => Promise<T>): Promise<T>;
}
