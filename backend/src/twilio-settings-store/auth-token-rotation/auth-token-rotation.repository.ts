import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AuthTokenRotationState } from '@twilio-config/shared';
import { Model, type QueryFilter } from 'mongoose';
import { TwilioSettings } from '../schemas/twilio-settings.schema';
import type { EncryptedSecret } from '../secrets/credentials-cipher';

/** An organization's rotation as stored, without its tokens. */
export interface StoredAuthTokenRotation {
  state: AuthTokenRotationState;
  startedAt: Date | null;
  promotedAt: Date | null;
  /** A secondary token is stored. */
  hasSecondary: boolean;
  previousAuthTokenValidUntil: Date | null;
}

/** The rotation's sealed tokens, and the primary (sealed) the promotion moves to "previous". */
export interface StoredRotationSecrets {
  authToken: EncryptedSecret;
  secondaryAuthToken: EncryptedSecret | null;
  previousAuthToken: EncryptedSecret | null;
  previousAuthTokenValidUntil: Date | null;
}

const ROTATION_SECRET_FIELDS = '+authToken +secondaryAuthToken +previousAuthToken';

/** Every write of a token: the precondition of a save in flight (TwilioSettingsRepository.save) no longer holds. */
const REVISION_BUMP = { revision: 1 } as const;

/**
 * The rotation's fields of the twilio_settings documents (the rotation record, the secondary and
 * previous tokens). TwilioSettingsRepository owns the collection's other fields; this one touches
 * only these, and every write is conditional on the state it moves from, so two requests (or two
 * instances) cannot both make the same step. A write of a token also bumps the settings' `revision`
 * (`$inc`, REVISION_BUMP), as TwilioSettingsRepository.save does: a save validated with Twilio
 * meanwhile then finds the document changed (409 SETTINGS_CHANGED) instead of putting the token
 * it read back over the promoted one. Org id first, plain objects.
 */
@Injectable()
export class AuthTokenRotationRepository {
  constructor(@InjectModel(TwilioSettings.name) private readonly model: Model<TwilioSettings>) {}

  /** null when the organization has no settings; state `none` when it never rotated. */
  async find(orgId: string): Promise<StoredAuthTokenRotation | null> {
    const doc = await this.model.findOne({ orgId }).select('+secondaryAuthToken').lean().exec();
    if (!doc) return null;
    return {
      state: (doc.authTokenRotation?.state as AuthTokenRotationState | undefined) ?? 'none',
      startedAt: doc.authTokenRotation?.startedAt ?? null,
      promotedAt: doc.authTokenRotation?.promotedAt ?? null,
      hasSecondary: !!doc.secondaryAuthToken,
      previousAuthTokenValidUntil: doc.previousAuthTokenValidUntil ?? null,
    };
  }

  async findSecrets(orgId: string): Promise<StoredRotationSecrets | null> {
    const doc = await this.model.findOne({ orgId }).select(ROTATION_SECRET_FIELDS).lean().exec();
    if (!doc) return null;
    return {
      authToken: plainSecret(doc.authToken),
      secondaryAuthToken: doc.secondaryAuthToken ? plainSecret(doc.secondaryAuthToken) : null,
      previousAuthToken: doc.previousAuthToken ? plainSecret(doc.previousAuthToken) : null,
      previousAuthTokenValidUntil: doc.previousAuthTokenValidUntil ?? null,
    };
  }

  /**
   * Moves the rotation from one of `from` to `to` (an intent written before Twilio is called).
   * Answers false when the rotation was in none of them.
   */
  async transition(
    orgId: string,
    from: readonly AuthTokenRotationState[],
    to: AuthTokenRotationState,
    change: { updatedBy: string; now: Date; startedAt?: Date | null },
  ): Promise<boolean> {
    const set: Record<string, unknown> = {
      'authTokenRotation.state': to,
      'authTokenRotation.updatedAt': change.now,
      'authTokenRotation.updatedBy': change.updatedBy,
    };
    if (change.startedAt !== undefined) {
      set['authTokenRotation.startedAt'] = change.startedAt;
      set['authTokenRotation.promotedAt'] = null;
    }
    const result = await this.model.updateOne(inState(orgId, from), { $set: set }).exec();
    return result.matchedCount > 0;
  }

  /** `starting` → `started` with the secondary token Twilio created. */
  async recordSecondary(orgId: string, secondaryAuthToken: EncryptedSecret, updatedBy: string, now: Date): Promise<boolean> {
    const result = await this.model
      .updateOne(inState(orgId, ['starting']), {
        $set: {
          secondaryAuthToken,
          'authTokenRotation.state': 'started',
          'authTokenRotation.updatedAt': now,
          'authTokenRotation.updatedBy': updatedBy,
        },
        $inc: REVISION_BUMP,
      })
      .exec();
    return result.matchedCount > 0;
  }

  /**
   * `promoting` → `promoted`: the promoted token becomes the Auth Token, the replaced one is kept
   * for signatures until `previousValidUntil`, the secondary is gone (as it is in Twilio).
   */
  async recordPromotion(
    orgId: string,
    tokens: { authToken: EncryptedSecret; previousAuthToken: EncryptedSecret; previousValidUntil: Date },
    updatedBy: string,
    now: Date,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(inState(orgId, ['promoting']), {
        $set: {
          authToken: tokens.authToken,
          previousAuthToken: tokens.previousAuthToken,
          previousAuthTokenValidUntil: tokens.previousValidUntil,
          secondaryAuthToken: null,
          'authTokenRotation.state': 'promoted',
          'authTokenRotation.promotedAt': now,
          'authTokenRotation.updatedAt': now,
          'authTokenRotation.updatedBy': updatedBy,
          updatedAt: now,
          updatedBy,
        },
        $inc: REVISION_BUMP,
      })
      .exec();
    return result.matchedCount > 0;
  }

  /** From one of `from` back to `none`, the secondary token erased (a cancellation, or Twilio lost it). */
  async clear(orgId: string, from: readonly AuthTokenRotationState[], updatedBy: string, now: Date): Promise<boolean> {
    const result = await this.model
      .updateOne(inState(orgId, from), {
        $set: {
          secondaryAuthToken: null,
          'authTokenRotation.state': 'none',
          'authTokenRotation.startedAt': null,
          'authTokenRotation.promotedAt': null,
          'authTokenRotation.updatedAt': now,
          'authTokenRotation.updatedBy': updatedBy,
        },
        $inc: REVISION_BUMP,
      })
      .exec();
    return result.matchedCount > 0;
  }
}

/** Documents that never rotated have no rotation record: they are in state `none`. */
function inState(orgId: string, states: readonly AuthTokenRotationState[]): QueryFilter<TwilioSettings> {
  const inStates: QueryFilter<TwilioSettings> = { 'authTokenRotation.state': { $in: [...states] } };
  if (!states.includes('none')) return { orgId, ...inStates };
  return { orgId, $or: [inStates, { authTokenRotation: { $exists: false } }, { authTokenRotation: null }] };
}

function plainSecret(secret: EncryptedSecret): EncryptedSecret {
  return { keyId: secret.keyId, iv: secret.iv, ciphertext: secret.ciphertext, tag: secret.tag };
}
