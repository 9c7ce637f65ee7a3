import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { AUDIT_LIMIT_MAX, type AuditAction } from '@twilio-config/shared';
import { ApiProblem, FIELD_LABELS, describeApiError } from '../api/api-problem';
import { TwilioConfigApi } from '../api/twilio-config-api';
import { Session } from '../auth/session';
import { Icon } from '../ui/icon';
import { ProblemAlert } from '../ui/problem-alert';

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'settings.saved': 'Saved the settings',
  'settings.enabled': 'Enabled the settings',
  'settings.disabled': 'Disabled the settings',
  'settings.deleted': 'Deleted the settings',
  'settings.reencrypted': 'Re-encrypted the stored secrets (key rotation)',
  'settings.imported': 'Imported the settings from the earlier version',
  'webhook.configured': 'Configured the webhook',
  'sms.test_sent': 'Sent a test SMS',
  'auth_token.rotation_started': 'Started an Auth Token rotation',
  'auth_token.promoted': 'Promoted the new Auth Token',
  'auth_token.rotation_cancelled': 'Cancelled the Auth Token rotation',
  'conversations.orphans_reported': 'Listed orphan conversations (dry run, nothing changed)',
  'conversations.orphans_cleaned': 'Cleaned up orphan conversations',
  'conversations.deleted': "Deleted the organization's conversations",
  'conversations.reassigned': 'Reassigned conversations in bulk',
  'opt_out.removed': 'Removed a number from the opt-out list',
};

const PAGE_SIZE = 50;

/** Who changed what and when, newest first (field names only: values are never recorded). */
@Component({
  selector: 'tc-audit-log-page',
  imports: [DatePipe, MatTableModule, MatButtonModule, MatProgressBarModule, Icon, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tc-toolbar-row">
      <h3 id="audit-heading" class="tc-section-title">Changes to your organization's Twilio settings</h3>
      <button mat-stroked-button type="button" (click)="audit.reload()" [disabled]="audit.isLoading()">
        <tc-icon name="refresh" /> Refresh
      </button>
    </div>
    @if (audit.isLoading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading the audit log" />
    }
    @if (problem(); as problem) {
      <tc-problem-alert [problem]="problem" />
    } @else if (items(); as items) {
      @if (items.length === 0) {
        <p class="tc-empty">
          No changes recorded yet. Saving, enabling, disabling or deleting the settings, configuring the webhook and sending
          a test SMS all appear here.
        </p>
      } @else {
        <table mat-table [dataSource]="items" aria-labelledby="audit-heading" class="tc-table">
          <ng-container matColumnDef="at">
            <th mat-header-cell *matHeaderCellDef scope="col">When</th>
            <td mat-cell *matCellDef="let entry">
              <time [attr.datetime]="entry.at">{{ entry.at | date: 'medium' }}</time>
            </td>
          </ng-container>
          <ng-container matColumnDef="actor">
            <th mat-header-cell *matHeaderCellDef scope="col">Who</th>
            <td mat-cell *matCellDef="let entry">{{ entry.actor === userSubject() ? 'You' : entry.actor }}</td>
          </ng-container>
          <ng-container matColumnDef="action">
            <th mat-header-cell *matHeaderCellDef scope="col">What</th>
            <td mat-cell *matCellDef="let entry">{{ actionLabel(entry.action) }}</td>
          </ng-container>
          <ng-container matColumnDef="fields">
            <th mat-header-cell *matHeaderCellDef scope="col">Fields</th>
            <td mat-cell *matCellDef="let entry">{{ fieldsLabel(entry.fields) }}</td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns"></tr>
        </table>
        @if (canShowMore()) {
          <div class="tc-actions">
            <button mat-button type="button" (click)="showMore()" [disabled]="audit.isLoading()">Show older changes</button>
          </div>
        }
      }
    } @else if (!audit.isLoading()) {
      <p class="tc-empty">No changes recorded yet.</p>
    }
  `,
})
export class AuditLogPage {
  private readonly limit = signal(PAGE_SIZE);
  protected readonly audit = inject(TwilioConfigApi).auditResource(this.limit);
  protected readonly columns = ['at', 'actor', 'action', 'fields'];
  private readonly session = inject(Session);
  protected readonly userSubject = computed(() => this.session.user()?.subject);
  protected readonly items = computed(() => (this.audit.hasValue() ? (this.audit.value()?.items ?? null) : null));
  protected readonly problem = computed<ApiProblem | null>(() => {
    const error = this.audit.error();
    return error ? describeApiError(error) : null;
  });
  protected readonly canShowMore = computed(() => {
    const count = this.items()?.length ?? 0;
    return count >= this.limit() && this.limit() < AUDIT_LIMIT_MAX;
  });

  protected showMore(): void {
    this.limit.update((limit) => Math.min(limit + PAGE_SIZE, AUDIT_LIMIT_MAX));
  }

  protected actionLabel(action: string): string {
    return AUDIT_ACTION_LABELS[action as AuditAction] ?? action;
  }

  protected fieldsLabel(fields: readonly string[]): string {
    return fields.length === 0 ? '—' : fields.map((field) => FIELD_LABELS[field] ?? field).join(', ');
  }
}
