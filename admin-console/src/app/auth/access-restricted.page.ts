import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { Icon } from '../ui/icon';
import { Session } from './session';

/** For signed-in users without the support role: which role they need and how it is granted. */
@Component({
  selector: 'tc-access-restricted-page',
  imports: [MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="tc-notice-page" aria-labelledby="restricted-heading">
      <tc-icon name="lock" class="tc-notice-icon" />
      <h2 id="restricted-heading" class="tc-page-title" tabindex="-1">Access Restricted</h2>
      <p>
        @if (session.user(); as user) {
          You are signed in as <strong>{{ user.name }}</strong> ({{ user.orgLabel }}),
        } @else {
          You are signed in,
        }
        but managing Twilio settings needs the <strong>"{{ role }}"</strong> role, which your account does not have.
        @if (roles().length > 0) {
          Your roles: {{ roles().join(', ') }}.
        }
      </p>
      <h3 class="tc-section-title">How to get access</h3>
      <p>Ask an administrator of your Auth0 tenant to grant you the role:</p>
      <ol>
        <li>In the Auth0 Dashboard, open <strong>User Management → Users</strong> and select your user.</li>
        <li>Open the <strong>Roles</strong> tab.</li>
        <li>Choose <strong>Assign Roles</strong> and assign <strong>"{{ role }}"</strong>.</li>
        <li>Sign out and sign in again, so that the new role is in your sign-in.</li>
      </ol>
      <div class="tc-actions">
        <button mat-flat-button type="button" (click)="session.signOut()"><tc-icon name="logout" /> Sign out</button>
      </div>
    </section>
  `,
})
export class AccessRestrictedPage {
  protected readonly session = inject(Session);
  protected readonly role = SUPPORT_ROLE;
  protected readonly roles = toSignal(this.session.roles(), { initialValue: [] as string[] });
}
