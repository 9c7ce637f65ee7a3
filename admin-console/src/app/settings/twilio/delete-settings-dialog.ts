import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface DeleteSettingsDialogData {
  readonly organization: string;
  readonly accountSidMasked: string | null;
}

/** Says exactly what a delete erases before it happens; "Cancel" has the focus. */
@Component({
  selector: 'tc-delete-settings-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Delete the Twilio settings?</h2>
    <mat-dialog-content>
      <p>
        This disables Twilio for <strong>{{ data.organization }}</strong>
        @if (data.accountSidMasked) {
          (account {{ data.accountSidMasked }})
        }
        and erases the stored secrets: the Auth Token and the API key secret.
      </p>
      <p>
        From then on no SMS is sent and no webhook is accepted with these credentials. The Twilio account itself, its
        numbers and services are not touched. To use Twilio again, enter and save the credentials again.
      </p>
      <p>The deletion is recorded in the audit log.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="false" cdkFocusInitial>Cancel</button>
      <button mat-flat-button class="tc-danger" [mat-dialog-close]="true">Delete settings</button>
    </mat-dialog-actions>
  `,
})
export class DeleteSettingsDialog {
  protected readonly data = inject<DeleteSettingsDialogData>(MAT_DIALOG_DATA);
}
