import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { OptOutSource } from '@twilio-config/shared';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, describeApiError } from '../api/api-problem';
import { TwilioConfigApi } from '../api/twilio-config-api';
import { Icon } from '../ui/icon';
import { ProblemAlert } from '../ui/problem-alert';
import { RemoveOptOutDialog, type RemoveOptOutDialogData } from './remove-opt-out-dialog';

export const OPT_OUT_SOURCE_LABELS: Readonly<Record<OptOutSource, string>> = {
  keyword: 'Texted an opt-out keyword (STOP…)',
  opt_out_type: "Opted out (Twilio's Advanced Opt-Out)",
  twilio_21610: 'Twilio refused to text it (error 21610)',
};

/** The numbers the organization does not text, and the operator's way to take one off the list. */
@Component({
  selector: 'tc-opt-outs-page',
  imports: [DatePipe, MatTableModule, MatButtonModule, MatProgressBarModule, Icon, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tc-toolbar-row">
      <h3 id="opt-outs-heading" class="tc-section-title">Numbers that opted out</h3>
      <button mat-stroked-button type="button" (click)="optOuts.reload()" [disabled]="optOuts.isLoading()">
        <tc-icon name="refresh" /> Refresh
      </button>
    </div>
    <p class="tc-muted">
      People who text STOP (or STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) to your number are listed here, and no message is sent
      to them; texting START, YES or UNSTOP takes them off.
    </p>
    @if (optOuts.isLoading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading the opt-out list" />
    }
    <div aria-live="polite">
      @if (removed(); as number) {
        <p class="tc-alert tc-alert--success" role="status">{{ number }} was removed from the list.</p>
      }
    </div>
    @if (removeProblem(); as problem) {
      <tc-problem-alert [problem]="problem" />
    }
    @if (loadProblem(); as problem) {
      <tc-problem-alert [problem]="problem" />
    } @else if (items(); as items) {
      @if (items.length === 0) {
        <p class="tc-empty">Nobody has opted out.</p>
      } @else {
        <table mat-table [dataSource]="items" aria-labelledby="opt-outs-heading" class="tc-table">
          <ng-container matColumnDef="phoneNumber">
            <th mat-header-cell *matHeaderCellDef scope="col">Phone number</th>
            <td mat-cell *matCellDef="let entry">{{ entry.phoneNumber }}</td>
          </ng-container>
          <ng-container matColumnDef="since">
            <th mat-header-cell *matHeaderCellDef scope="col">Since</th>
            <td mat-cell *matCellDef="let entry">
              <time [attr.datetime]="entry.since">{{ entry.since | date: 'medium' }}</time>
            </td>
          </ng-container>
          <ng-container matColumnDef="source">
            <th mat-header-cell *matHeaderCellDef scope="col">How</th>
            <td mat-cell *matCellDef="let entry">{{ sourceLabel(entry.source) }}</td>
          </ng-container>
          <ng-container matColumnDef="actions">
            <th mat-header-cell *matHeaderCellDef scope="col"><span class="tc-visually-hidden">Actions</span></th>
            <td mat-cell *matCellDef="let entry">
              <button
                mat-stroked-button
                type="button"
                class="tc-danger-outline"
                [attr.aria-label]="'Remove ' + entry.phoneNumber"
                [disabled]="removing() === entry.phoneNumber"
                (click)="remove(entry.phoneNumber)"
              >
                <tc-icon name="delete" /> Remove
              </button>
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns"></tr>
        </table>
      }
    }
  `,
})
export class OptOutsPage {
  private readonly api = inject(TwilioConfigApi);
  private readonly dialog = inject(MatDialog);

  protected readonly optOuts = this.api.optOutsResource();
  protected readonly columns = ['phoneNumber', 'since', 'source', 'actions'];
  protected readonly items = computed(() => (this.optOuts.hasValue() ? (this.optOuts.value()?.items ?? null) : null));
  protected readonly loadProblem = computed<ApiProblem | null>(() => {
    const error = this.optOuts.error();
    return error ? describeApiError(error) : null;
  });
  protected readonly removing = signal<string | null>(null);
  protected readonly removed = signal<string | null>(null);
  protected readonly removeProblem = signal<ApiProblem | null>(null);

  protected sourceLabel(source: string): string {
    return OPT_OUT_SOURCE_LABELS[source as OptOutSource] ?? source;
  }

  protected async remove(phoneNumber: string): Promise<void> {
    const data: RemoveOptOutDialogData = { phoneNumber };
    const ref = this.dialog.open<RemoveOptOutDialog, RemoveOptOutDialogData, boolean>(RemoveOptOutDialog, {
      data,
      role: 'alertdialog',
      autoFocus: 'first-tabbable',
      restoreFocus: true,
    });
    if ((await firstValueFrom(ref.afterClosed())) !== true) return;
    this.removed.set(null);
    this.removeProblem.set(null);
    this.removing.set(phoneNumber);
    try {
      await firstValueFrom(this.api.removeOptOut(phoneNumber), { defaultValue: undefined });
      this.removed.set(phoneNumber);
    } catch (error) {
      this.removeProblem.set(describeApiError(error));
    } finally {
      this.removing.set(null);
      this.optOuts.reload();
    }
  }
}
