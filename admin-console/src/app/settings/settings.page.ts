import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** The settings, one tab per area; each tab is a route so it can be linked and reloaded. */
@Component({
  selector: 'tc-settings-page',
  imports: [MatTabsModule, RouterLink, RouterLinkActive, RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="tc-page-title" tabindex="-1">Settings</h2>
    <nav mat-tab-nav-bar [tabPanel]="panel" aria-label="Settings sections">
      @for (tab of tabs; track tab.path) {
        <a mat-tab-link [routerLink]="tab.path" routerLinkActive #active="routerLinkActive" [active]="active.isActive">
          {{ tab.label }}
        </a>
      }
    </nav>
    <mat-tab-nav-panel #panel class="tc-tab-panel">
      <router-outlet />
    </mat-tab-nav-panel>
  `,
})
export class SettingsPage {
  protected readonly tabs = [
    { path: 'twilio', label: 'Twilio' },
    { path: 'opt-outs', label: 'Opt-outs' },
    { path: 'audit', label: 'Audit' },
  ] as const;
}
