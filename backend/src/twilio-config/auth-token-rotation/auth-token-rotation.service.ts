import { Injectable, Logger } from '@nestjs/common';
import type { AuthTokenRotationState, AuthTokenRotationView } from '@twilio-config/shared';
import { Clock } from '../../common/clock';
import { ApiError } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { TwilioAuthTokensAdapter } from '../../twilio/twilio-auth-tokens.adapter';
import { InvalidTwilioCredentialsError, TwilioNotConfiguredError } from '../../twilio/twilio.errors';
import {
  actorName,
  AuditLog,
  AuthTokenRotationStore,
  SettingsChangeBus,
  type Actor,
  type StoredAuthTokenRotation,
} from '../../twilio-settings-store';

/** Why a step of the rotation is refused (409 ROTATION_STATE_CONFLICT); the routes document each. */
export const ROTATION_CONFLICTS = {
  alreadyUnderWay: 'A rotation is already under way: promote or cancel it first.',
  cancelledWhileStarting: 'The rotation was cancelled while it was starting.',
  nothingToPromote: 'There is no started rotation to promote: start one first.',
  changedWhilePromoting: 'The rotation changed while it was being promoted.',
  alreadyPromoted: 'The rotation was already promoted.',
  nothingToCancel: 'There is no rotation to cancel.',
  promotedInTwilio: 'Twilio already promoted the new token: resume the promotion to finish the rotation.',
  changedWhileCancelling: 'The rotation changed while it was being cancelled.',
  secondaryGone: 'Twilio has no secondary Auth Token any more (it was deleted elsewhere): start a new rotation.',
  concurrentChange: 'Another request changed the rotation at the same time.',
} as const;

/** The rotation is not in a state that allows the step asked for. */
export class RotationStateConflictError extends ApiError {
  constructor(message: (typeof ROTATION_CONFLICTS)[keyof typeof ROTATION_CONFLICTS]) {
    super(409, 'ROTATION_STATE_CONFLICT', message);
  }
}

const STARTABLE: readonly AuthTokenRotationState[] = ['none', 'promoted', 'starting'];
const PROMOTABLE: readonly AuthTokenRotationState[] = ['started', 'promoting'];
const CANCELLABLE: readonly AuthTokenRotationState[] = ['starting', 'started', 'promoting', 'cancelling'];

/**
 * Rotates an organization's Auth Token without refusing a webhook Twilio signed
 * (docs/operations/auth-token-rotation.md). Each step writes its intent (`starting`, `promoting`,
 * `cancelling`) before calling Twilio, so a step cut short — a crash, a timeout — leaves a state
 * the console offers to resume (the same request again, which finds out what Twilio already did)
 * or to cancel. A failed step keeps its intent for the same reason.
 */
@Injectable()
export class AuthTokenRotationService {
  private readonly logger = new Logger(AuthTokenRotationService.name);

  constructor(
    private readonly rotation: AuthTokenRotationStore,
    private readonly tokens: TwilioAuthTokensAdapter,
    private readonly audit: AuditLog,
    private readonly settingsChanges: SettingsChangeBus,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async view(orgId: string): Promise<AuthTokenRotationView> {
    return this.toView(await this.current(orgId));
  }

  /** Twilio creates the secondary token; it is stored sealed. Resumes an interrupted start. */
  async start(orgId: string, actor: Actor): Promise<AuthTokenRotationView> {
    const current = await this.current(orgId);
    if (!STARTABLE.includes(current.state)) {
      throw new RotationStateConflictError(ROTATION_CONFLICTS.alreadyUnderWay);
    }
    const now = this.clock.now();
    await this.move(orgId, STARTABLE, 'starting', actor, { startedAt: now });
    const secondary = await this.tokens.createSecondary(orgId);
    if (!(await this.rotation.recordSecondary(orgId, secondary, actorName(actor), this.clock.now()))) {
      // Cancelled while Twilio was creating it: the token must not outlive the cancellation.
      await this.tokens.deleteSecondary(orgId);
      throw new RotationStateConflictError(ROTATION_CONFLICTS.cancelledWhileStarting);
    }
    await this.audit.record(orgId, actor, 'auth_token.rotation_started', ['secondaryAuthToken']);
    this.logger.log({ orgId }, `Auth Token rotation started for org: ${orgId}`);
    return this.view(orgId);
  }

  /**
   * Twilio promotes the secondary token; it replaces the stored Auth Token, and the replaced one
   * still verifies webhook signatures for TOKEN_ROTATION_GRACE_MINUTES. Resuming an interrupted
   * promotion asks Twilio which token it accepts, and does not promote twice.
   */
  async promote(orgId: string, actor: Actor): Promise<AuthTokenRotationView> {
    const current = await this.current(orgId);
    if (!PROMOTABLE.includes(current.state)) throw new RotationStateConflictError(ROTATION_CONFLICTS.nothingToPromote);
    await this.move(orgId, PROMOTABLE, 'promoting', actor);
    const promotedAuthToken = current.state === 'promoting' ? await this.promotedBeforeInterruption(orgId) : null;
    const authToken = promotedAuthToken ?? (await this.promoteInTwilio(orgId, actor));
    const now = this.clock.now();
    const graceEndsAt = new Date(now.getTime() + this.config.twilio.tokenRotationGraceMs);
    if (!(await this.rotation.recordPromotion(orgId, authToken, graceEndsAt, actorName(actor), now))) {
      throw new RotationStateConflictError(ROTATION_CONFLICTS.changedWhilePromoting);
    }
    // Every instance drops the clients built with the replaced token.
    await this.settingsChanges.publish(orgId);
    await this.audit.record(orgId, actor, 'auth_token.promoted', ['authToken']);
    this.logger.log({ orgId }, `Auth Token promoted for org: ${orgId}`);
    return this.view(orgId);
  }

  /** Deletes the secondary token in Twilio and here, before a promotion. Resumes an interrupted cancellation. */
  async cancel(orgId: string, actor: Actor): Promise<void> {
    const current = await this.current(orgId);
    if (!CANCELLABLE.includes(current.state)) {
      throw new RotationStateConflictError(current.state === 'promoted' ? ROTATION_CONFLICTS.alreadyPromoted : ROTATION_CONFLICTS.nothingToCancel);
    }
    if (current.state === 'promoting' && (await this.tokens.authenticatingToken(orgId)) === 'secondary') {
      throw new RotationStateConflictError(ROTATION_CONFLICTS.promotedInTwilio);
    }
    await this.move(orgId, CANCELLABLE, 'cancelling', actor);
    await this.tokens.deleteSecondary(orgId);
    if (!(await this.rotation.clear(orgId, ['cancelling'], actorName(actor), this.clock.now()))) {
      throw new RotationStateConflictError(ROTATION_CONFLICTS.changedWhileCancelling);
    }
    await this.audit.record(orgId, actor, 'auth_token.rotation_cancelled', ['secondaryAuthToken']);
    this.logger.log({ orgId }, `Auth Token rotation cancelled for org: ${orgId}`);
  }

  /** The secondary token when Twilio already promoted it (the old one no longer authenticates); null when it did not. */
  private async promotedBeforeInterruption(orgId: string): Promise<string | null> {
    const accepted = await this.tokens.authenticatingToken(orgId);
    if (accepted === 'neither') throw new InvalidTwilioCredentialsError();
    if (accepted === 'primary') return null;
    const { secondaryAuthToken } = (await this.rotation.revealTokens(orgId)) ?? { secondaryAuthToken: null };
    return secondaryAuthToken;
  }

  private async promoteInTwilio(orgId: string, actor: Actor): Promise<string> {
    const outcome = await this.tokens.promote(orgId);
    if (outcome.promoted) return outcome.authToken;
    // Twilio has no secondary any more (deleted in the Twilio Console): nothing left to promote.
    await this.rotation.clear(orgId, ['promoting'], actorName(actor), this.clock.now());
    throw new RotationStateConflictError(ROTATION_CONFLICTS.secondaryGone);
  }

  private async move(orgId: string, from: readonly AuthTokenRotationState[], to: AuthTokenRotationState, actor: Actor, extra: { startedAt?: Date } = {}) {
    const moved = await this.rotation.transition(orgId, from, to, { updatedBy: actorName(actor), now: this.clock.now(), ...extra });
    if (!moved) throw new RotationStateConflictError(ROTATION_CONFLICTS.concurrentChange);
  }

  private async current(orgId: string): Promise<StoredAuthTokenRotation> {
    const stored = await this.rotation.find(orgId);
    if (!stored) throw new TwilioNotConfiguredError();
    return stored;
  }

  private toView(stored: StoredAuthTokenRotation): AuthTokenRotationView {
    const graceEndsAt = stored.previousAuthTokenValidUntil;
    return {
      state: stored.state,
      startedAt: stored.startedAt?.toISOString() ?? null,
      promotedAt: stored.promotedAt?.toISOString() ?? null,
      graceEndsAt: graceEndsAt?.toISOString() ?? null,
      previousTokenAccepted: !!graceEndsAt && this.clock.now().getTime() < graceEndsAt.getTime(),
    };
  }
}
