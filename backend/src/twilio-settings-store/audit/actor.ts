/** An operator command run on the server (`npm run twilio:*`), named as the audit log shows it. */
export type OperatorCommand = 'import-env' | 'reencrypt' | 'import-legacy' | 'delete-conversations' | 'reassign-conversations';

/**
 * Who makes a change: a signed-in user (their token subject) or an operator command. Services take
 * it explicitly, so a command never poses as a user and the audit log says which it was.
 */
export type Actor = { kind: 'user'; subject: string } | { kind: 'operator'; name: OperatorCommand };

export function userActor(subject: string): Actor {
  return { kind: 'user', subject };
}

export function operatorActor(name: OperatorCommand): Actor {
  return { kind: 'operator', name };
}

/** How an actor is recorded (audit entries' `actor`, the settings' `updatedBy`). */
export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? actor.subject : `system:${actor.name}`;
}
