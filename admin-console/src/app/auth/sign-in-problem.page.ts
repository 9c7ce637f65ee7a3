import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { Icon } from '../ui/icon';
import { Session } from './session';

/**
 * For a signed-in user whose sign-in the console cannot use: no organization, or no session start.
 * Signing in again would bring the same token, so this page never starts a sign-in by itself: it
 * names the problem and what an administrator of the Auth0 tenant must change (docs/operations/auth0.md).
 */
@Component({
  selector: 'tc-sign-in-problem-page',
  imports: [MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="tc-notice-page" aria-labelledby="sign-in-problem-heading">
      <tc-icon name="lock" class="tc-notice-icon" />
      @switch (problem()) {
        @case ('no-organization') {
          <h2 id="sign-in-problem-heading" class="tc-page-title" tabindex="-1">Your sign-in has no organization</h2>
          <p>
            You are signed in{{ who() }}, but not within an organization, so the console cannot tell whose Twilio
            settings to show.
          </p>
          <h3 class="tc-section-title">What an administrator must do</h3>
          <ol>
            <li>In the Auth0 Dashboard, open <strong>Organizations</strong>, select your organization and add your user under <strong>Members</strong>.</li>
            <li>
              Make the console's application sign users in within an organization: under <strong>Applications → {{ appName }} →
              Login Experience</strong>, choose "Business Users" and "Prompt for Organization" (or set the console's
              <code>organization</code> in its config.json).
            </li>
            <li>Then sign out here and sign in again.</li>
          </ol>
        }
        @case ('no-session-start') {
          <h2 id="sign-in-problem-heading" class="tc-page-title" tabindex="-1">Your sign-in does not say when it began</h2>
          <p>
            Sessions last at most {{ maxHours }} hours from sign-in. Auth0 tells the console and the API when a sign-in
            began only through the post-login Action this product ships, and your sign-in{{ who() }} came without it, so
            it cannot be used.
          </p>
          <h3 class="tc-section-title">What an administrator must do</h3>
          <ol>
            <li>Deploy the post-login Action <strong>"session-claims"</strong> (deploy/auth0, with the Auth0 Deploy CLI or by hand).</li>
            <li>Add it to the <strong>Login</strong> flow under <strong>Actions → Triggers → post-login</strong>.</li>
            <li>Then sign out here and sign in again.</li>
          </ol>
        }
        @default {
          <h2 id="sign-in-problem-heading" class="tc-page-title" tabindex="-1">Your sign-in is complete</h2>
          <p>Nothing is missing from your sign-in now.</p>
        }
      }
      <div class="tc-actions">
        <button mat-flat-button type="button" (click)="session.signOut()"><tc-icon name="logout" /> Sign out</button>
      </div>
    </section>
  `,
})
export class SignInProblemPage {
  protected readonly session = inject(Session);
  protected readonly maxHours = inject(RUNTIME_CONFIG).sessionMaxHours;
  protected readonly appName = 'Twilio Config Console';
  protected readonly problem = toSignal(this.session.signInProblem(), { initialValue: null });
  protected readonly who = () => {
    const user = this.session.user();
    return user ? ` as ${user.name}` : '';
  };
}
