import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { HOME_PATH, Session } from './session';

/** The way in: what the console is for, and "Sign in". */
@Component({
  selector: 'tc-start-page',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="tc-notice-page" aria-labelledby="start-heading">
      <h2 id="start-heading" class="tc-page-title" tabindex="-1">Sign in to manage Twilio</h2>
      <p>
        Support staff set up their organization's Twilio account here: credentials, the Conversations webhook, test
        messages, health and the audit log.
      </p>
      @if (session.signInError(); as error) {
        <p class="tc-alert tc-alert--error" role="alert">Signing in did not work: {{ error }}. Try again.</p>
      }
      <div class="tc-actions">
        <button mat-flat-button type="button" (click)="session.signIn(home)" [disabled]="session.isLoading()">Sign in</button>
      </div>
    </section>
  `,
})
export class StartPage {
  protected readonly session = inject(Session);
  protected readonly home = HOME_PATH;
}
