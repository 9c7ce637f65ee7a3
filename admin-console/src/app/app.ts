import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { Session } from './auth/session';
import { focusPageHeadingOnNavigation } from './shell/focus-on-navigation';
import { PRODUCT_TITLE } from './shell/page-title.strategy';
import { Icon } from './ui/icon';

@Component({
  selector: 'tc-root',
  imports: [RouterOutlet, RouterLink, MatToolbarModule, MatButtonModule, MatProgressBarModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="tc-skip-link" href="#main">Skip to content</a>
    <header>
      <mat-toolbar class="tc-header">
        <h1 class="tc-product"><a routerLink="/">{{ productTitle }}</a></h1>
        <span class="tc-spacer"></span>
        @if (session.user(); as user) {
          <p class="tc-user">
            <span class="tc-visually-hidden">Signed in as</span>
            <span class="tc-user__name">{{ user.name }}</span>
            <span class="tc-visually-hidden">, organization</span>
            <span class="tc-user__org">{{ user.orgLabel }}</span>
          </p>
          <button mat-button type="button" (click)="session.signOut()"><tc-icon name="logout" /> Sign out</button>
        }
      </mat-toolbar>
      @if (session.isLoading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Signing in" class="tc-header-progress" />
      }
    </header>
    <main id="main" tabindex="-1" class="tc-main"><router-outlet /></main>
  `,
})
export class App {
  protected readonly session = inject(Session);
  protected readonly productTitle = PRODUCT_TITLE;

  constructor() {
    focusPageHeadingOnNavigation();
  }
}
