import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Icon } from '../ui/icon';
import { Session } from './session';

/** Shown once when a session cannot go on (expired, refused, or past its maximum age). */
@Component({
  selector: 'tc-session-ended-page',
  imports: [MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="tc-notice-page" aria-labelledby="session-ended-heading">
      <tc-icon name="lock" class="tc-notice-icon" />
      <h2 id="session-ended-heading" class="tc-page-title" tabindex="-1">Your session has ended, sign in again</h2>
      <p role="status">
        @switch (session.endReason()) {
          @case ('max-age') {
            Sessions last at most {{ maxHours }} hours, for safety. Nothing was lost: what is saved stays saved.
          }
          @default {
            Your sign-in could not be renewed. Changes that were not saved have not been sent.
          }
        }
      </p>
      <div class="tc-actions">
        <button mat-flat-button type="button" (click)="session.signIn()">Sign in again</button>
      </div>
    </section>
  `,
})
export class SessionEndedPage {
  protected readonly session = inject(Session);
  protected readonly maxHours = this.session.sessionMaxHours;
}
